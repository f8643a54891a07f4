using Strata.Engine;

namespace Strata.GitHub.Rehearsal;

/// <summary>A <c>uses:</c> step as the rehearsal runs it: its evaluated <c>with:</c> inputs and where the run keeps its files.</summary>
public sealed record ActionCall(string Uses, IReadOnlyDictionary<string, string> With, RehearsalSettings Settings, IReadOnlyDictionary<string, string?> Environment);

/// <summary>
/// The one table of local equivalents for the actions a workflow uses, by <c>owner/name[/path]</c> (any <c>@ref</c>).
/// An action without an entry is an error naming it, never a silent no-op. README lists the same table.
/// </summary>
public static class ActionTable
{
    public sealed record Entry(string Action, string LocalEquivalent, Func<ActionCall, CancellationToken, Task<StepResult>> Run);

    public static readonly IReadOnlyList<Entry> Entries =
    [
        new("actions/checkout", "the rehearsal's clean worktree of the commit (already in place)", Checkout),
        new("actions/setup-dotnet", "nothing: checks that dotnet is on PATH", (call, token) => Tool(call, "dotnet", ["--version"], token)),
        new("actions/cache", "nothing: no cache is restored or saved", (_, _) => Nothing("no cache")),
        new("actions/cache/restore", "nothing: no cache is restored", (_, _) => Nothing("no cache")),
        new("actions/cache/save", "nothing: no cache is saved", (_, _) => Nothing("no cache")),
        new("docker/setup-qemu-action", "checks that QEMU binfmt for arm64 is registered", SetupQemu),
        new("docker/setup-buildx-action", "checks that the Docker engine answers (the build picks buildx or the engine's BuildKit)",
            (call, token) => Tool(call, "docker", ["version", "--format", "{{.Server.Version}}"], token)),
        new("docker/login-action", "docker login to the rehearsal's local registry, only when username and password are given", Login),
        new("actions/upload-artifact", "copies `path` into <run>/artifacts/<name>/", UploadArtifact),
        new("actions/download-artifact", "copies <run>/artifacts/<name>/ into `path`; with `pattern`, every matching artifact (`*` wildcards), " +
            "each into `path`/<name>/, or straight into `path` with `merge-multiple: true`", DownloadArtifact),
    ];

    public static string ActionName(string uses)
    {
        var at = uses.IndexOf('@');
        return at < 0 ? uses : uses[..at];
    }

    public static Entry Find(string uses) =>
        Entries.FirstOrDefault(entry => string.Equals(entry.Action, ActionName(uses), StringComparison.OrdinalIgnoreCase))
        ?? throw new RehearsalException(
            $"action '{uses}' has no local equivalent in the rehearsal's action table; mapped: {string.Join(", ", Entries.Select(e => e.Action))}");

    static Task<StepResult> Nothing(string note)
    {
        Log.Info($"  ({note})");
        return Task.FromResult(StepResult.Success());
    }

    static Task<StepResult> Checkout(ActionCall call, CancellationToken _) =>
        Task.FromResult(Directory.Exists(Path.Combine(call.Settings.Workspace, ".git")) || File.Exists(Path.Combine(call.Settings.Workspace, ".git"))
            ? StepResult.Success()
            : StepResult.Failed($"the workspace {call.Settings.Workspace} is not a checkout"));

    static async Task<StepResult> Tool(ActionCall call, string tool, string[] arguments, CancellationToken token)
    {
        try
        {
            var result = await ProcessTasks.RunAsync(tool, arguments, new ProcessOptions { Environment = call.Environment, LogOutput = false }, token);
            return result.Succeeded
                ? StepResult.Success()
                : StepResult.Failed($"{tool} {string.Join(' ', arguments)} failed: {result.StandardError.Trim()}");
        }
        catch (InvalidOperationException exception)
        {
            return StepResult.Failed(exception.Message);
        }
    }

    static Task<StepResult> SetupQemu(ActionCall call, CancellationToken _)
    {
        var kind = RunnerLabels.Resolve("ubuntu-24.04-arm", "amd64");
        return Task.FromResult(kind.Unavailable is null ? StepResult.Success() : StepResult.Failed(kind.Unavailable));
    }

    static async Task<StepResult> Login(ActionCall call, CancellationToken token)
    {
        var username = call.With.GetValueOrDefault("username") ?? "";
        var password = call.With.GetValueOrDefault("password") ?? "";
        if (username.Length == 0 || password.Length == 0)
            return StepResult.Failed("docker/login-action: username and password required (the repository secrets are not set)");
        if (call.Settings.Fork)
            return StepResult.Failed("docker/login-action: a fork's pull request has no registry credentials");
        var registry = call.Settings.LocalRegistry
            ?? throw new RehearsalException("docker/login-action: the rehearsal has no local registry to log in to");
        Log.Info($"  docker login {registry} (instead of {call.With.GetValueOrDefault("registry") ?? "Docker Hub"})");
        var result = await ProcessTasks.RunAsync("docker", ["login", registry, "--username", username, "--password-stdin"],
            new ProcessOptions { Environment = call.Environment, StandardInput = password, LogOutput = false }, token);
        return result.Succeeded ? StepResult.Success() : StepResult.Failed($"docker login {registry}: {result.StandardError.Trim()}");
    }

    static Task<StepResult> UploadArtifact(ActionCall call, CancellationToken _)
    {
        var name = call.With.GetValueOrDefault("name") is { Length: > 0 } n ? n : "artifact";
        var source = Path.GetFullPath(call.With.GetValueOrDefault("path") ?? "", call.Settings.Workspace);
        var target = Path.Combine(call.Settings.RunDirectory, "artifacts", name);
        var files = Directory.Exists(source) ? Directory.GetFiles(source, "*", SearchOption.AllDirectories) : File.Exists(source) ? [source] : [];
        if (files.Length == 0)
            return Task.FromResult(call.With.GetValueOrDefault("if-no-files-found") == "error"
                ? StepResult.Failed($"upload-artifact {name}: no files at {source}")
                : StepResult.Success());
        foreach (var file in files)
        {
            var relative = Directory.Exists(source) ? Path.GetRelativePath(source, file) : Path.GetFileName(file);
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
        Log.Info($"  {files.Length} file(s) -> {target}");
        return Task.FromResult(StepResult.Success());
    }

    static Task<StepResult> DownloadArtifact(ActionCall call, CancellationToken _)
    {
        var artifacts = Path.Combine(call.Settings.RunDirectory, "artifacts");
        var target = Path.GetFullPath(call.With.GetValueOrDefault("path") is { Length: > 0 } p ? p : ".", call.Settings.Workspace);
        if (call.With.GetValueOrDefault("pattern") is { Length: > 0 } pattern)
        {
            // As GitHub's action: a pattern matching nothing downloads nothing and succeeds.
            var wildcard = new System.Text.RegularExpressions.Regex(
                "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$");
            var merged = call.With.GetValueOrDefault("merge-multiple") == "true";
            var matching = Directory.Exists(artifacts)
                ? Directory.GetDirectories(artifacts).Where(directory => wildcard.IsMatch(Path.GetFileName(directory))).Order(StringComparer.Ordinal).ToList()
                : [];
            foreach (var directory in matching)
                CopyTree(directory, merged ? target : Path.Combine(target, Path.GetFileName(directory)));
            Log.Info($"  {matching.Count} artifact(s) matching {pattern} -> {target}");
            return Task.FromResult(StepResult.Success());
        }
        var name = call.With.GetValueOrDefault("name") ?? "";
        var source = Path.Combine(artifacts, name);
        if (!Directory.Exists(source))
            return Task.FromResult(StepResult.Failed($"download-artifact: no artifact '{name}' in this run"));
        CopyTree(source, target);
        return Task.FromResult(StepResult.Success());
    }

    static void CopyTree(string source, string target)
    {
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }
}

/// <summary>A workflow the rehearsal cannot run as written (an unmapped action, a bad expression): a job failure naming it.</summary>
public sealed class RehearsalException(string message) : Exception(message);
