namespace Strata.Images;

/// <summary>
/// How to reach Docker: the engine, the CLI to build with, the build network and registry credentials.
/// Read once from the environment so that tests and targets can pass their own values explicitly.
/// </summary>
public sealed record DockerEnvironment
{
    public const string DefaultHost = "unix:///var/run/docker.sock";

    /// <summary>The DOCKER_HOST value, or null for the engine's default socket.</summary>
    public string? Host { get; init; }
    public string? Network { get; init; }
    /// <summary>DOCKER_CLI: the docker client to build with (its buildx when that can export registry caches, else the engine's BuildKit).</summary>
    public string? Cli { get; init; }
    public string? ConfigDirectory { get; init; }
    public string? RegistryUsername { get; init; }
    public string? RegistryPassword { get; init; }
    /// <summary>REGISTRY_HOST: the one registry host REGISTRY_USERNAME/REGISTRY_PASSWORD belong to; no other host gets them.</summary>
    public string? RegistryHost { get; init; }

    public string EffectiveHost => string.IsNullOrWhiteSpace(Host) ? DefaultHost : Host;

    public static DockerEnvironment FromProcessEnvironment()
    {
        var environment = new DockerEnvironment
        {
            Host = Read("DOCKER_HOST"),
            Network = Read("DOCKER_NETWORK"),
            Cli = Read("DOCKER_CLI"),
            ConfigDirectory = Read("DOCKER_CONFIG"),
            RegistryUsername = Read("REGISTRY_USERNAME"),
            RegistryPassword = Read("REGISTRY_PASSWORD"),
            RegistryHost = Read("REGISTRY_HOST"),
        };
        if (environment.RegistryUsername is not null && environment.RegistryHost is null)
            throw new InputException("REGISTRY_USERNAME is set but REGISTRY_HOST is not: name the registry host the credentials belong to (e.g. REGISTRY_HOST=ghcr.io); they are never sent to any other host");
        return environment;
    }

    /// <summary>Environment for docker CLI processes, so they reach the same engine as the API client.</summary>
    public IReadOnlyDictionary<string, string?> CliEnvironment(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var environment = new Dictionary<string, string?> { ["DOCKER_HOST"] = EffectiveHost };
        if (ConfigDirectory is not null)
            environment["DOCKER_CONFIG"] = ConfigDirectory;
        foreach (var (name, value) in extra ?? new Dictionary<string, string?>())
            environment[name] = value;
        return environment;
    }

    static string? Read(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
