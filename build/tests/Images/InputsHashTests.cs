using Strata.Images;

namespace Strata.Tests.Images;

public sealed class InputsHashTests : IDisposable
{
    readonly string _context = Directory.CreateTempSubdirectory("strata-hash-").FullName;
    readonly string _recipe;

    public InputsHashTests()
    {
        _recipe = Write("Dockerfile", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY scripts/ /opt/scripts/\nCOPY conf/*.conf /etc/\n");
        Write("scripts/install.sh", "apt-get install -y python3\n");
        Write("scripts/nested/helper.sh", "echo helper\n");
        Write("conf/a.conf", "a=1\n");
        Write("unrelated.txt", "not read by the recipe\n");
    }

    public void Dispose() => Directory.Delete(_context, recursive: true);

    string Write(string relative, string text)
    {
        var path = Path.Combine(_context, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    string Hash(IEnumerable<KeyValuePair<string, string>>? args = null, string window = "2026-W48") =>
        InputsHash.Compute(_recipe, _context, args ?? [new("BASE_IMAGE", "ubuntu:24.04"), new("BUILD_TYPE", "")], window);

    [Fact]
    public void Is_a_stable_sha256_hex_independent_of_build_arg_order()
    {
        var hash = Hash();
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, Hash([new("BUILD_TYPE", ""), new("BASE_IMAGE", "ubuntu:24.04")]));
    }

    [Fact]
    public void Changes_with_a_file_the_recipe_copies_even_deep_in_a_directory()
    {
        var before = Hash();
        Write("scripts/nested/helper.sh", "echo changed\n");
        Assert.NotEqual(before, Hash());
    }

    [Fact]
    public void Changes_with_a_globbed_file_and_with_a_new_file_matching_the_glob()
    {
        var before = Hash();
        Write("conf/b.conf", "b=2\n");
        var withNewFile = Hash();
        Assert.NotEqual(before, withNewFile);
        Write("conf/a.conf", "a=3\n");
        Assert.NotEqual(withNewFile, Hash());
    }

    [Fact]
    public void Ignores_context_files_the_recipe_does_not_read()
    {
        var before = Hash();
        Write("unrelated.txt", "changed\n");
        Write("conf/readme.md", "not a .conf\n");
        Assert.Equal(before, Hash());
    }

    [Fact]
    public void Changes_with_the_recipe_text_the_build_args_and_the_refresh_window()
    {
        var before = Hash();
        Assert.NotEqual(before, Hash([new("BASE_IMAGE", "debian:bookworm"), new("BUILD_TYPE", "")]));
        Assert.NotEqual(before, Hash(window: "2026-W49"));
        File.AppendAllText(_recipe, "RUN true\n");
        Assert.NotEqual(before, Hash());
    }

    [Fact]
    public void A_source_missing_from_the_context_is_named_in_the_error()
    {
        File.AppendAllText(_recipe, "COPY missing.sh /opt/\n");
        var error = Assert.Throws<FileNotFoundException>(() => Hash());
        Assert.Contains("missing.sh", error.Message);
        Assert.Contains(_recipe, error.Message);
    }

    [Fact]
    public void A_change_to_a_script_the_recipe_bind_mounts_invalidates_the_base()
    {
        File.AppendAllText(_recipe, "RUN --mount=type=bind,source=tools/setup.sh,target=/setup.sh sh /setup.sh\n");
        Write("tools/setup.sh", "echo v1\n");
        Write("tools/other.sh", "not mounted\n");
        var before = Hash();

        Write("tools/other.sh", "still not mounted\n");
        Assert.Equal(before, Hash());
        Write("tools/setup.sh", "echo v2\n");
        Assert.NotEqual(before, Hash());
    }

    [Fact]
    public void A_bind_mount_of_the_whole_context_covers_every_file_and_one_from_a_stage_none()
    {
        File.AppendAllText(_recipe, "RUN --mount=type=bind,from=builder,source=/opt,target=/opt true\n");
        var before = Hash();
        Write("unrelated.txt", "changed\n");
        Assert.Equal(before, Hash());

        File.AppendAllText(_recipe, "RUN --mount=target=/src make -C /src\n");
        var wholeContext = Hash();
        Write("unrelated.txt", "changed again\n");
        Assert.NotEqual(wholeContext, Hash());
    }

    [Fact]
    public void A_bind_mount_source_missing_from_the_context_is_named_in_the_error()
    {
        File.AppendAllText(_recipe, "RUN --mount=type=bind,source=tools/missing.sh,target=/m.sh sh /m.sh\n");
        var error = Assert.Throws<FileNotFoundException>(() => Hash());
        Assert.Contains("tools/missing.sh", error.Message);
    }

    [Theory]
    [InlineData("2026-11-27T12:00:00Z", "2026-W48")]
    [InlineData("2027-01-01T00:00:00Z", "2026-W53")]
    [InlineData("2024-12-30T08:00:00Z", "2025-W01")]
    [InlineData("2026-01-05T00:00:00+00:00", "2026-W02")]
    public void Refresh_window_defaults_to_the_iso_week(string moment, string expected) =>
        Assert.Equal(expected, RefreshWindow.IsoWeek(DateTimeOffset.Parse(moment, System.Globalization.CultureInfo.InvariantCulture)));
}
