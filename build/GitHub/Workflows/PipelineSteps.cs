namespace Strata.GitHub.Workflows;

/// <summary>The steps the pipeline's jobs share.</summary>
static class PipelineSteps
{
    public const string RegistryStepId = "registry";
    public static readonly string PushOutput = $"steps.{RegistryStepId}.outputs.push";

    public static Step Checkout() => new()
    {
        Name = "Check out",
        Uses = ActionReferences.Checkout,
        With = [("persist-credentials", "false")],
    };

    public static Step SetupDotNet(PipelineOptions options) => new()
    {
        Name = "Set up .NET",
        Uses = ActionReferences.SetupDotNet,
        With = [("dotnet-version", options.DotNetVersion)],
    };

    // Pull requests only restore the NuGet cache: a run on untrusted code never writes a cache.
    public static Step NuGetCache(bool writesCache, string? condition = null) => new()
    {
        Name = writesCache ? "Cache NuGet packages" : "Restore NuGet packages cache",
        If = condition,
        Uses = writesCache ? ActionReferences.Cache : ActionReferences.CacheRestore,
        With =
        [
            ("path", "~/.nuget/packages"),
            ("key", "nuget-" + Expression.Wrap("runner.os") + "-" + Expression.Wrap("hashFiles('build/**/*.csproj', 'global.json')")),
            ("restore-keys", "nuget-" + Expression.Wrap("runner.os") + "-"),
        ],
    };

    /// <summary>What every job that runs <c>./build.sh</c> starts with.</summary>
    /// <param name="reusesCompiledBuild">
    /// true (every job but the one that compiles it first): download the run's compiled build
    /// (<see cref="CompiledBuildArtifact"/>) on runners that can use it, and restore NuGet packages only when it did
    /// not arrive (they are needed only to compile). The job must need <see cref="BackendPipeline.DeriveJobId"/>.
    /// </param>
    public static IEnumerable<Step> BuildSetup(PipelineOptions options, bool writesCache, bool reusesCompiledBuild = true) => reusesCompiledBuild
        ? [Checkout(), SetupDotNet(options), CompiledBuildArtifact.Download(BackendPipeline.DeriveJobId), NuGetCache(writesCache, CompiledBuildArtifact.NotDownloaded)]
        : [Checkout(), SetupDotNet(options), NuGetCache(writesCache)];

    /// <param name="publishes">
    /// Publishing runs get a container builder, which writes registry caches and pushes multi-platform images. Pull
    /// requests push nothing, so they build with the engine's own builder for the runner's platform: a base a
    /// backend job builds or re-tags locally is then visible to that job's backend build.
    /// </param>
    public static IEnumerable<Step> Buildx(bool publishes) => publishes
        ?
        [
            new() { Name = "Set up QEMU", Uses = ActionReferences.SetupQemu },
            new() { Name = "Set up Docker Buildx", Uses = ActionReferences.SetupBuildx },
        ]
        : [new() { Name = "Set up Docker Buildx", Uses = ActionReferences.SetupBuildx, With = [("driver", "docker")] }];

    // Secrets cannot appear in a step `if:`, so a step tests whether they are set and says so
    // as an output; a repository without registry credentials still builds, just without pushing.
    public static Step CheckRegistryCredentials(PipelineOptions options) => new()
    {
        Name = "Check registry credentials",
        Id = RegistryStepId,
        Env = [("REGISTRY_USERNAME", Secret(options.RegistrySecrets.Username))],
        Run = Script(
            "if [ -n \"$REGISTRY_USERNAME\" ]; then",
            "  echo \"push=true\" >> \"$GITHUB_OUTPUT\"",
            "else",
            "  echo \"push=false\" >> \"$GITHUB_OUTPUT\"",
            "  echo \"::notice::registry credentials are not set; building without pushing\"",
            "fi"),
    };

    public static Step RegistryLogin(PipelineOptions options)
    {
        var with = new List<(string, string)>();
        if (options.Registry is { } registry)
            with.Add(("registry", registry));
        with.Add(("username", Secret(options.RegistrySecrets.Username)));
        with.Add(("password", Secret(options.RegistrySecrets.Password)));
        return new()
        {
            Name = "Log in to " + (options.Registry ?? "Docker Hub"),
            If = PushOutput + " == 'true'",
            Uses = ActionReferences.Login,
            With = new ValueMap(with),
        };
    }

    /// <summary>A step whose script is one build call, rendered from <paramref name="command"/> and kept with it.</summary>
    public static Step Call(string name, ValueMap env, BuildCommand command, string? id = null) => new()
    {
        Name = name,
        Id = id,
        Env = env,
        Run = Script([.. command.ToScriptLines()]),
        Command = command,
    };

    public static string Secret(string name) => Expression.Wrap("secrets." + name);

    public static string Script(params string[] lines) => string.Join("\n", lines) + "\n";
}
