using System;
using System.Linq;

namespace NeuralAudio.ModelDsl.Emit.C
{
    /// <summary>
    /// A permute of IR axes rewritten for channels-last memory (what <c>na_permute_s8</c> takes): the output in
    /// memory order as four nested axes, outermost first, each with its extent and the input stride it moves by.
    /// Axes of extent 1 get stride 0; unused leading axes are extent 1.
    /// </summary>
    public sealed class PermuteLayout
    {
        private PermuteLayout(int[] dims, int[] strides) { OutDims = dims; InStrides = strides; }

        public int[] OutDims { get; }
        public int[] InStrides { get; }

        /// <param name="inputShape">IR shape of the input, e.g. (C, H, W).</param>
        /// <param name="permutation">Output axis i takes input axis permutation[i].</param>
        public static PermuteLayout For(int[] inputShape, int[] permutation)
        {
            int rank = inputShape.Length;
            if (rank < 1 || rank > 4 || permutation.Length != rank)
                throw new ArgumentException($"permute of rank {rank} is not supported (1 to 4 axes)");
            var order = MemoryOrder(rank);
            var inStride = new int[rank];
            int stride = 1;
            for (int m = rank - 1; m >= 0; m--)
            {
                inStride[order[m]] = stride;
                stride *= inputShape[order[m]];
            }
            var dims = Enumerable.Repeat(1, 4).ToArray();
            var strides = new int[4];
            for (int m = 0; m < rank; m++)
            {
                int source = permutation[order[m]];
                int extent = inputShape[source];
                dims[4 - rank + m] = extent;
                strides[4 - rank + m] = extent == 1 ? 0 : inStride[source];
            }
            return new PermuteLayout(dims, strides);
        }

        /// <summary>IR axes in memory order, outermost first: channels last, (C, H, W) is stored [H][W][C].</summary>
        public static int[] MemoryOrder(int rank) => Enumerable.Range(1, rank - 1).Concat(new[] { 0 }).ToArray();
    }
}
