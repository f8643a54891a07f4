using System.Runtime.CompilerServices;

namespace Strata.Tests.Images;

/// <summary>Test data is read from the source tree (the test project is shared, so it does not copy our files).</summary>
static class TestData
{
    public static string Directory([CallerFilePath] string caller = "") => Path.Combine(Path.GetDirectoryName(caller)!, "testdata");

    public static string File(string name) => Path.Combine(Directory(), name);
}
