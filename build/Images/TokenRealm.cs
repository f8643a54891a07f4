namespace Strata.Images;

/// <summary>
/// Where a registry may send us for a token. The token request carries the registry's credentials, so the realm a
/// <c>WWW-Authenticate: Bearer</c> challenge names must be HTTPS (plain HTTP only between loopback hosts) and on the
/// registry's own host or a sibling under its parent domain (registry-1.docker.io → auth.docker.io).
/// </summary>
public static class TokenRealm
{
    /// <summary>Why the realm is refused, or null when a token may be requested there.</summary>
    public static string? Problem(string realm, string registryHost)
    {
        if (!Uri.TryCreate(realm, UriKind.Absolute, out var uri))
            return "not an absolute URL";
        var registryName = HostName(registryHost);
        var loopback = RegistryImages.IsLoopback(registryHost) && RegistryImages.IsLoopback(uri.Authority);
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && loopback))
            return $"the realm must be https (plain http only on a loopback registry), not {uri.Scheme}";
        if (!loopback && !IsAllowedHost(uri.IdnHost, registryName))
            return $"the realm's host {uri.IdnHost} is neither {registryName} nor under its parent domain";
        return null;
    }

    static bool IsAllowedHost(string realmHost, string registryHost)
    {
        if (realmHost.Equals(registryHost, StringComparison.OrdinalIgnoreCase))
            return true;
        var dot = registryHost.IndexOf('.');
        var parent = dot < 0 ? null : registryHost[(dot + 1)..];
        return parent is not null && parent.Contains('.')
               && realmHost.EndsWith("." + parent, StringComparison.OrdinalIgnoreCase);
    }

    static string HostName(string host) =>
        host.StartsWith('[') ? host[1..host.IndexOf(']')] : host.Split(':')[0];
}
