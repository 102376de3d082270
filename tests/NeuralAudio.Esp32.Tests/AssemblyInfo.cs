// Seeded torch weights use one global generator and the C builds share 2 cores: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
