namespace NeuralAudio.ModelDsl.Deploy
{
    /// <summary>
    /// The version of the lowering rules that shape exported int8 tables. The structure hash covers the IR only (a
    /// checkpoint stays valid across versions), so generated headers and exported weights also carry this number, and
    /// weights exported under other rules refuse to build or load. 2: a first conv1d (every encoder's) reads the int16 PCM.
    /// </summary>
    public static class DeployLayout
    {
        public const int Version = 2;
    }
}
