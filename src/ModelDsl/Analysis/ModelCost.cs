using System.Collections.Generic;

namespace NeuralAudio.ModelDsl.Analysis
{
    /// <summary>What a model variant costs: parameters, bytes, work, and its timing on the audio axis.</summary>
    public sealed class ModelCost
    {
        /// <summary>Trainable parameters of the whole model (PyTorch's <c>parameters()</c> count).</summary>
        public long Parameters { get; set; }

        /// <summary>Parameters per part (encoder, quantizer, decoder, classifier).</summary>
        public IReadOnlyDictionary<string, long> ParametersByPart { get; set; } = new Dictionary<string, long>();

        /// <summary>Parameters of the part(s) that run on the device: encoder + quantizer, or the classifier.</summary>
        public long DeployedParameters { get; set; }

        /// <summary>Float32 bytes of all parameters.</summary>
        public long Fp32Bytes => Parameters * 4;

        /// <summary>Multiply-accumulates of one pass over the graph's reference input.</summary>
        public long MacsPerInference { get; set; }

        /// <summary>Multiply-accumulates per part for the reference input.</summary>
        public IReadOnlyDictionary<string, long> MacsByPart { get; set; } = new Dictionary<string, long>();

        /// <summary>MACs of the deployed part per second of audio.</summary>
        public double DeployedMacsPerSecond { get; set; }

        /// <summary>FLOPs as the ACDNet reference calculator counts them, for the whole graph.</summary>
        public long ReferenceFlops { get; set; }

        /// <summary>Seconds of audio in the graph's reference input.</summary>
        public double InputSeconds { get; set; }

        /// <summary>Input samples that influence one output step of the deployed part.</summary>
        public long ReceptiveFieldSamples { get; set; }

        /// <summary>
        /// Delay from a sample entering to its first output: one hop plus any lookahead for a streaming encoder, the
        /// whole input window for a windowed classifier.
        /// </summary>
        public double AlgorithmicLatencyMs { get; set; }

        /// <summary>True when the deployed part can run hop by hop (every time-axis op causal).</summary>
        public bool Streamable { get; set; }

        /// <summary>Input samples per output frame of the deployed part (codecs).</summary>
        public int HopSamples { get; set; }

        /// <summary>Code frames per second (codecs), else 0.</summary>
        public double FrameRateHz { get; set; }

        /// <summary>Quantizers × log2(codebook) × frame rate (codecs), else 0.</summary>
        public double BitrateBps { get; set; }

        /// <summary>MACs of the deployed part per output frame (codecs), else per inference.</summary>
        public double DeployedMacsPerFrame { get; set; }
    }
}
