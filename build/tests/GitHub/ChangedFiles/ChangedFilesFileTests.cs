using Strata.GitHub;

namespace Strata.Tests.GitHub.ChangedFiles;

public class ChangedFilesFileTests
{
    [Fact]
    public void Reads_one_path_per_line_ignoring_blank_lines_and_carriage_returns()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "backend/python/vllm/backend.py\r\n\r\n  \nREADME.md\n");

            Assert.Equal(["backend/python/vllm/backend.py", "README.md"], ChangedFilesFile.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_is_named_in_the_error()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ChangedFilesFile.Read("/nonexistent/changed.txt"));

        Assert.Contains("/nonexistent/changed.txt", error.Message);
    }
}
