namespace NeuralAudio.ModelDsl.Emit
{
    /// <summary>One named constructor argument of a layer: a boxed <c>long</c>, <c>bool</c> or <c>double</c>.</summary>
    public sealed class LayerArgument
    {
        public LayerArgument(string name, object value) { Name = name; Value = value; }

        /// <summary>The C# parameter name of the layer's constructor or factory method.</summary>
        public string Name { get; }

        public object Value { get; }

        /// <summary><c>name: literal</c>, as written in a named-argument call.</summary>
        public override string ToString() => Name + ": " + CSharpLiteral.Of(Value);
    }
}
