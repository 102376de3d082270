namespace NeuralAudio.ModelDsl
{
    /// <summary>Every NAxxxx diagnostic id in one place, so tests, docs and the generator agree.</summary>
    public static class DiagnosticCodes
    {
        /// <summary>Tensor shapes or channel counts do not fit the op (rank, groups, residual add).</summary>
        public const string ShapeMismatch = "NA0001";
        /// <summary>A strided op with causal or same padding whose stride does not divide the input length.</summary>
        public const string StrideDoesNotDivide = "NA0002";
        /// <summary>An argument the generator cannot evaluate at compile time.</summary>
        public const string NonConstantArgument = "NA0003";
        /// <summary>A C# construct the compile-time evaluator does not support.</summary>
        public const string UnsupportedConstruct = "NA0004";
        /// <summary>The declaration itself is malformed (no definition method, no variants, not partial...).</summary>
        public const string InvalidDeclaration = "NA0005";
        /// <summary>An op argument out of range (kernel &lt; 1, negative padding, bad permutation...).</summary>
        public const string InvalidArgument = "NA0006";
    }
}
