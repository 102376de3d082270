// torch.manual_seed sets one global generator and TorchSharp already uses both cores: run tests one at a time so
// seeded runs are reproducible and timings are not distorted.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
