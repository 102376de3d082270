namespace NeuralAudio.Generators
{
    /// <summary>Names of the tracked incremental steps, so tests can check which steps were cached.</summary>
    public static class TrackingNames
    {
        /// <summary>The per-class transform: declaration read and every variant evaluated.</summary>
        public const string Models = "NeuralModels";

        /// <summary>The files to add, selected from <see cref="Models"/>.</summary>
        public const string Sources = "NeuralModelSources";

        /// <summary>The diagnostics to report, selected from <see cref="Models"/>.</summary>
        public const string Diagnostics = "NeuralModelDiagnostics";
    }
}
