namespace NeuralAudio.ModelDsl.Deploy
{
    /// <summary>Element types of deployed tensors.</summary>
    public enum DeployElementType { Int8, Int16, UInt16 }

    public static class DeployElementTypes
    {
        /// <summary>Bytes per element.</summary>
        public static int Bytes(this DeployElementType type) => type == DeployElementType.Int8 ? 1 : 2;
    }

    /// <summary>
    /// An activation of the deployed graph. <see cref="Shape"/> is in IR order without batch, for ONE step of the
    /// graph (one frame for a streaming encoder, the whole window for a classifier); memory is channels-last:
    /// (C, T) is stored [T][C], (C, H, W) as [H][W][C].
    /// </summary>
    public sealed class DeployTensor
    {
        public DeployTensor(int id, string name, int[] shape, DeployElementType elementType, int sourceNode)
        {
            Id = id; Name = name; Shape = shape; ElementType = elementType; SourceNode = sourceNode;
        }

        public int Id { get; }

        /// <summary>Name of the IR node whose value this tensor holds (after folding and fusion).</summary>
        public string Name { get; }

        public int[] Shape { get; }
        public DeployElementType ElementType { get; }

        /// <summary>The IR node id whose output this tensor is; quantisation ranges are calibrated there.</summary>
        public int SourceNode { get; }

        public int Elements
        {
            get
            {
                int n = 1;
                foreach (var d in Shape) n *= d;
                return n;
            }
        }

        public int SizeBytes => Elements * ElementType.Bytes();

        /// <summary>Identifier form of <see cref="Name"/>.</summary>
        public string Identifier => Name.Replace('.', '_');
    }
}
