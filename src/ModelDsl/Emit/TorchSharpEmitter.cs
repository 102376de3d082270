using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.ModelDsl.Emit
{
    /// <summary>PLACEHOLDER: to be written (turns a Graph into a TorchSharp module class).</summary>
    public static class TorchSharpEmitter
    {
        public static string Emit(Graph graph, string @namespace, string className, string declaration) =>
            throw new System.NotImplementedException();
    }
}
