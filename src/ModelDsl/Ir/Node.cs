using System.Collections.Generic;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>One operator application in a <see cref="Graph"/>, with its inferred output shape.</summary>
    public sealed class Node
    {
        public Node(int id, string name, string part, Op op, int[] inputs, int[] shape)
        {
            Id = id; Name = name; Part = part; Op = op; Inputs = inputs; Shape = shape;
        }

        /// <summary>Index in <see cref="Graph.Nodes"/>; nodes are stored in execution order.</summary>
        public int Id { get; }

        /// <summary>Dotted, unique name such as <c>encoder.block0.res1.conv0</c>; parameter names derive from it.</summary>
        public string Name { get; }

        /// <summary>The model part the node belongs to: encoder, quantizer, decoder, classifier.</summary>
        public string Part { get; }

        public Op Op { get; }

        /// <summary>Ids of the input nodes, in operand order.</summary>
        public IReadOnlyList<int> Inputs { get; }

        /// <summary>Output shape without the batch axis.</summary>
        public int[] Shape { get; }

        /// <summary>Name usable as a C# or C identifier: dots become underscores.</summary>
        public string Identifier => Name.Replace('.', '_');
    }
}
