using NeuralAudio.Runtime.Tests.Cases;
using NeuralAudio.Runtime.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NeuralAudio.Runtime.Tests;

/// <summary>
/// Every case runs clean under -fsanitize=address,undefined -fno-sanitize-recover=all (any out-of-bounds access,
/// signed overflow, bad shift or misaligned access aborts the driver) and still equals the C# twin.
/// </summary>
[Collection(CKernelsCollection.Name)]
public sealed class SanitizerTests(CKernelsFixture c, ITestOutputHelper log)
{
    [Fact]
    public void EveryCaseRunsCleanUnderAddressAndUndefinedBehaviourSanitizers()
    {
        int total = 0;
        foreach (string family in AllCases.ByFamily.Keys)
        {
            var cases = AllCases.Of(family);
            var requests = cases.Select(k => k.Request).ToList();
            if (family == "conv1d") requests.AddRange(cases.Select(k => k.Request.As(KernelId.Conv1dGeneric)));
            var fromC = c.Sanitized.Run(requests);
            for (int i = 0; i < cases.Count; i++) BitExactnessTests.AssertSameBytes(cases[i], fromC[i], cases[i].RunCSharp());
            total += requests.Count;
        }
        log.WriteLine($"{total} kernel calls clean under ASan + UBSan");
    }
}
