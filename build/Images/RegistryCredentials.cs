using System.Text;
using System.Text.Json;

namespace Strata.Images;

public sealed record RegistryCredential(string Username, string Password);

/// <summary>
/// Credentials for a registry host: REGISTRY_USERNAME/REGISTRY_PASSWORD when REGISTRY_HOST names that host, then the
/// docker config's <c>auths[host].auth</c> (base64 of <c>user:password</c>), as written by <c>docker login</c>.
/// Credentials are bound to their host: no other host ever gets them.
/// </summary>
public static class RegistryCredentials
{
    static readonly string[] DockerHubKeys = ["docker.io", "index.docker.io", "https://index.docker.io/v1/", "registry-1.docker.io"];

    public static RegistryCredential? For(string registryHost, DockerEnvironment environment)
    {
        if (environment.RegistryUsername is { } username && environment.RegistryPassword is { } password
            && environment.RegistryHost is { } boundHost && Matches(boundHost, registryHost))
            return new RegistryCredential(username, password);
        var configFile = ConfigFile(environment);
        return File.Exists(configFile) ? FromConfig(File.ReadAllText(configFile), registryHost, configFile) : null;
    }

    public static RegistryCredential? FromConfig(string configJson, string registryHost, string source = "docker config")
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(configJson); }
        catch (JsonException e) { throw new InvalidOperationException($"{source}: not valid JSON ({e.Message})", e); }
        using (document)
        {
            if (!document.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
                return null;
            foreach (var entry in auths.EnumerateObject())
            {
                if (!Matches(entry.Name, registryHost)) continue;
                if (!entry.Value.TryGetProperty("auth", out var auth) || auth.GetString() is not { Length: > 0 } encoded)
                    continue;
                string decoded;
                try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)); }
                catch (FormatException) { throw new InvalidOperationException($"{source}: auths[\"{entry.Name}\"].auth is not base64"); }
                var separator = decoded.IndexOf(':');
                if (separator < 0)
                    throw new InvalidOperationException($"{source}: auths[\"{entry.Name}\"].auth does not decode to user:password");
                return new RegistryCredential(decoded[..separator], decoded[(separator + 1)..]);
            }
            return null;
        }
    }

    static string ConfigFile(DockerEnvironment environment)
    {
        var directory = environment.ConfigDirectory
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        return Path.Combine(directory, "config.json");
    }

    static bool Matches(string key, string registryHost)
    {
        if (registryHost == ImageReference.DockerHub)
            return DockerHubKeys.Contains(key, StringComparer.OrdinalIgnoreCase);
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) host = host[(scheme + 3)..];
        var slash = host.IndexOf('/');
        if (slash >= 0) host = host[..slash];
        return host.Equals(registryHost, StringComparison.OrdinalIgnoreCase);
    }
}
