// torch.manual_seed sets one global generator and TorchSharp already uses both cores: run tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
