namespace Strata.GitHub.Workflows;

static class PermissionNames
{
    public static string Scope(PermissionScope scope) => scope switch
    {
        PermissionScope.Actions => "actions",
        PermissionScope.Attestations => "attestations",
        PermissionScope.Checks => "checks",
        PermissionScope.Contents => "contents",
        PermissionScope.Deployments => "deployments",
        PermissionScope.IdToken => "id-token",
        PermissionScope.Issues => "issues",
        PermissionScope.Packages => "packages",
        PermissionScope.Pages => "pages",
        PermissionScope.PullRequests => "pull-requests",
        PermissionScope.SecurityEvents => "security-events",
        PermissionScope.Statuses => "statuses",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "unknown permission scope"),
    };

    public static string Access(PermissionAccess access) => access switch
    {
        PermissionAccess.None => "none",
        PermissionAccess.Read => "read",
        PermissionAccess.Write => "write",
        _ => throw new ArgumentOutOfRangeException(nameof(access), access, "unknown permission access"),
    };

    public static PermissionScope ParseScope(string name) =>
        Enum.GetValues<PermissionScope>().FirstOrDefault(s => Scope(s) == name, (PermissionScope)(-1)) is var scope && Enum.IsDefined(scope)
            ? scope
            : throw new FormatException($"unknown permission scope '{name}'");

    public static PermissionAccess ParseAccess(string name) =>
        Enum.GetValues<PermissionAccess>().FirstOrDefault(a => Access(a) == name, (PermissionAccess)(-1)) is var access && Enum.IsDefined(access)
            ? access
            : throw new FormatException($"unknown permission access '{name}'");
}
