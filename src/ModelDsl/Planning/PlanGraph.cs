using System;
using System.Collections.Generic;
using System.Linq;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.ModelDsl.Planning
{
    /// <summary>
    /// The buffer planner's input: steps in execution order and every activation tensor with its size, lifetime and
    /// in-place source. Build it from explicit steps (what the lowering pass to the deployment graph will do) or,
    /// for reports and tests on the IR, from a <see cref="Graph"/>.
    /// </summary>
    public sealed class PlanGraph
    {
        private readonly Dictionary<int, PlanTensor> _byId;

        private PlanGraph(IReadOnlyList<PlanStep> steps, IReadOnlyList<PlanTensor> tensors, IReadOnlyList<int> inputs,
            IReadOnlyList<int> outputs)
        {
            Steps = steps; Tensors = tensors; Inputs = inputs; Outputs = outputs;
            _byId = tensors.ToDictionary(t => t.Id);
        }

        public IReadOnlyList<PlanStep> Steps { get; }

        /// <summary>Tensors in declaration order (for the IR: node order).</summary>
        public IReadOnlyList<PlanTensor> Tensors { get; }

        public IReadOnlyList<int> Inputs { get; }
        public IReadOnlyList<int> Outputs { get; }

        public PlanTensor Tensor(int id) => _byId[id];

        /// <summary>
        /// Steps and tensors of an IR graph: one step per non-input node (in node order), one tensor per node of
        /// <c>product(shape) * bytesPerElement(node)</c> bytes. A node may run in place when
        /// <paramref name="isElementwise"/> says so (default <see cref="Op.IsElementwise"/>).
        /// </summary>
        /// <param name="bytesPerElement">Bytes per element of a node's output: 1 for int8 activations.</param>
        /// <param name="isElementwise">Whether a node's kernel may overwrite an input; default <c>node.Op.IsElementwise</c>.</param>
        public static PlanGraph Build(Graph graph, Func<Node, int> bytesPerElement, Func<Node, bool>? isElementwise = null)
        {
            if (graph == null) throw new ArgumentNullException(nameof(graph));
            if (bytesPerElement == null) throw new ArgumentNullException(nameof(bytesPerElement));
            var elementwise = isElementwise ?? (n => n.Op.IsElementwise);
            var specs = new List<PlanTensorSpec>();
            var steps = new List<PlanStep>();
            var inputs = new List<int>();
            foreach (var node in graph.Nodes)
            {
                long elements = 1;
                foreach (var d in node.Shape) elements *= d;
                specs.Add(new PlanTensorSpec(node.Id, node.Name, elements * bytesPerElement(node)));
                if (node.Op is InputOp)
                    inputs.Add(node.Id);
                else
                    steps.Add(new PlanStep(node.Id, node.Name, node.Inputs.ToArray(), new[] { node.Id }, elementwise(node)));
            }
            return Build(steps, specs, inputs, new[] { graph.OutputId });
        }

        /// <summary>
        /// Derives lifetimes and in-place sources from explicit steps. A tensor lives from the step that writes it
        /// (step 0 for a graph input) to the last step that reads it (the last step for a graph output). An output of
        /// an elementwise step is placed in place of the first of its inputs (in operand order) that dies at that
        /// step, is no graph output, is at least as large, and is not already taken by another output.
        /// </summary>
        public static PlanGraph Build(IReadOnlyList<PlanStep> steps, IReadOnlyList<PlanTensorSpec> tensors,
            IReadOnlyList<int> graphInputs, IReadOnlyList<int> graphOutputs)
        {
            if (steps == null) throw new ArgumentNullException(nameof(steps));
            if (tensors == null) throw new ArgumentNullException(nameof(tensors));
            if (graphInputs == null) throw new ArgumentNullException(nameof(graphInputs));
            if (graphOutputs == null) throw new ArgumentNullException(nameof(graphOutputs));

            var spec = new Dictionary<int, PlanTensorSpec>();
            foreach (var t in tensors)
            {
                if (spec.ContainsKey(t.Id)) throw new ArgumentException($"tensor id {t.Id} is declared twice", nameof(tensors));
                spec.Add(t.Id, t);
            }
            string Name(int id) => spec.TryGetValue(id, out var s) ? $"'{s.Name}' (#{id})" : $"#{id}";
            void Known(int id, string role)
            {
                if (!spec.ContainsKey(id)) throw new ArgumentException($"{role} refers to undeclared tensor #{id}");
            }

            var isInput = new HashSet<int>();
            foreach (var id in graphInputs)
            {
                Known(id, "a graph input");
                isInput.Add(id);
            }
            var isOutput = new HashSet<int>();
            foreach (var id in graphOutputs)
            {
                Known(id, "a graph output");
                isOutput.Add(id);
            }

            int last = Math.Max(0, steps.Count - 1);
            var first = new Dictionary<int, int>();
            var lastUse = new Dictionary<int, int>();
            foreach (var id in isInput) first[id] = 0;
            for (int s = 0; s < steps.Count; s++)
            {
                var step = steps[s];
                foreach (var id in step.Inputs)
                {
                    Known(id, $"step {s} '{step.Name}'");
                    if (!first.ContainsKey(id))
                        throw new ArgumentException($"step {s} '{step.Name}' reads {Name(id)} before any step writes it");
                    lastUse[id] = s;
                }
                foreach (var id in step.Outputs)
                {
                    Known(id, $"step {s} '{step.Name}'");
                    if (isInput.Contains(id))
                        throw new ArgumentException($"step {s} '{step.Name}' writes graph input {Name(id)}");
                    if (first.ContainsKey(id))
                        throw new ArgumentException($"step {s} '{step.Name}' writes {Name(id)}, which an earlier step already wrote");
                    first[id] = s;
                }
            }
            foreach (var id in isOutput)
                if (!first.ContainsKey(id))
                    throw new ArgumentException($"graph output {Name(id)} is never written");
            foreach (var t in tensors)
                if (!first.ContainsKey(t.Id))
                    throw new ArgumentException($"tensor {Name(t.Id)} is neither a graph input nor written by any step");

            int LastStep(int id)
            {
                int end = first[id];
                if (lastUse.TryGetValue(id, out var u)) end = Math.Max(end, u);
                if (isOutput.Contains(id)) end = Math.Max(end, last);
                return end;
            }

            // In place: an elementwise step's output may take the buffer of an input that dies at this very step.
            var inPlaceOf = new Dictionary<int, int>();
            var taken = new HashSet<int>();
            for (int s = 0; s < steps.Count; s++)
            {
                var step = steps[s];
                if (!step.Elementwise) continue;
                foreach (var o in step.Outputs)
                {
                    foreach (var i in step.Inputs)
                    {
                        if (i == o || taken.Contains(i) || isOutput.Contains(i) || LastStep(i) != s) continue;
                        if (spec[o].SizeBytes > spec[i].SizeBytes) continue;
                        inPlaceOf[o] = i;
                        taken.Add(i);
                        break;
                    }
                }
            }

            var planTensors = tensors.Select(t => new PlanTensor(t.Id, t.Name, t.SizeBytes, first[t.Id], LastStep(t.Id),
                inPlaceOf.TryGetValue(t.Id, out var src) ? src : (int?)null, isInput.Contains(t.Id), isOutput.Contains(t.Id))).ToList();
            return new PlanGraph(steps, planTensors, graphInputs.ToList(), graphOutputs.ToList());
        }
    }
}
