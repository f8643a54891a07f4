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
}
