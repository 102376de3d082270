// torch.manual_seed sets one global generator: run tests one at a time so seeded weights are reproducible.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
