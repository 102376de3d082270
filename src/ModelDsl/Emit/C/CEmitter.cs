using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Planning;

namespace NeuralAudio.ModelDsl.Emit.C
{
    /// <summary>
    /// The C99 emitter of a deployed graph: <c>&lt;symbol&gt;.h</c> and <c>&lt;symbol&gt;.c</c>, pure functions of the
    /// structure and its arena plan, byte for byte deterministic. The weights file (<c>&lt;symbol&gt;_weights.c</c>)
    /// depends on quantised data and is written by <c>NeuralAudio.Runtime.Deploy.CWeightsEmitter</c>, against the
    /// same <see cref="DeployOpLayout"/> and <see cref="CNames"/>. Generated C needs src/Runtime/c and
    /// src/Runtime/c_extra on its include path.
    /// </summary>
    public static class CEmitter
    {
        public static string EmitHeader(DeployGraph graph, BufferPlan plan) => CHeaderEmitter.Emit(graph, plan);

        public static string EmitSource(DeployGraph graph, BufferPlan plan) => CSourceEmitter.Emit(graph, plan);
    }
}
