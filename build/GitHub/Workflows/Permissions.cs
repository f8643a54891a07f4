namespace Strata.GitHub.Workflows;

/// <summary>The GITHUB_TOKEN scopes granted to a workflow or job. An empty set grants nothing (<c>permissions: {}</c>).</summary>
public sealed record Permissions(ValueList<Permission> Grants)
{
    public static Permissions None { get; } = new(ValueList<Permission>.Empty);

    public static Permissions Of(params Permission[] grants) => new(grants);

    public PermissionAccess? AccessTo(PermissionScope scope) =>
        Grants.FirstOrDefault(g => g.Scope == scope)?.Access;
}

public sealed record Permission(PermissionScope Scope, PermissionAccess Access)
{
    public static Permission Read(PermissionScope scope) => new(scope, PermissionAccess.Read);
    public static Permission Write(PermissionScope scope) => new(scope, PermissionAccess.Write);
}

public enum PermissionScope
{
    Actions,
    Attestations,
    Checks,
    Contents,
    Deployments,
    IdToken,
    Issues,
    Packages,
    Pages,
    PullRequests,
    SecurityEvents,
    Statuses,
}

public enum PermissionAccess
{
    None,
    Read,
    Write,
}
