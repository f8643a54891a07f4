using System.Net.Sockets;
using System.Text.Json;
using Strata.Engine;
using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>
/// One test's own records in an engine's BuildKit cache, and a prune of those alone. A whole-cache prune
/// (<c>builder prune -af</c>) on a shared engine would also drop every other test's layers (the accelerator bases'
/// SDK layers take tens of minutes to rebuild); pruning only the records a recipe step made, with every record built
/// on top of them, makes that step uncached just as well.
/// </summary>
public static class BuildCacheRecords
{
    /// <summary>
    /// Ids of the records whose description (for a RUN step, the command as written in the recipe) contains
    /// <paramref name="marker"/>, plus every record built on top of one of them (their descendants by parent), except
    /// records in use: those belong to a build running now (on a shared engine, another session's build of the same
    /// recipe), which a prune must not disturb.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FromStepsContainingAsync(DockerEnvironment environment, string marker)
    {
        var records = await ListAsync(environment);
        var ordered = records.Where(record => !record.InUse && record.Description?.Contains(marker, StringComparison.Ordinal) == true)
            .Select(record => record.ID).ToList();
        var selected = ordered.ToHashSet(StringComparer.Ordinal);
        for (var grew = true; grew;)
        {
            var children = records.Where(record => !record.InUse && !selected.Contains(record.ID) && record.Parents.Any(selected.Contains))
                .Select(record => record.ID).ToList();
            selected.UnionWith(children);
            ordered.AddRange(children);
            grew = children.Count > 0;
        }
        // Children were found after their parents: reversed, the list prunes leaves first.
        ordered.Reverse();
        return ordered;
    }

    static readonly TimeSpan StalledLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Prunes the records of <see cref="FromStepsContainingAsync"/> (leaves first, one id filter per call: the engine
    /// refuses several values for one filter key) and returns how many of them the engine still holds afterwards.
    /// </summary>
    public static async Task<(int Pruned, int Left)> PruneStepsContainingAsync(DockerEnvironment environment, string dockerCli, string marker)
    {
        var targets = await FromStepsContainingAsync(environment, marker);
        // A parent is removable only once its children are gone: rounds, each pruning what is left. On the containerd
        // store a removed image lets go of its layers' records only when containerd's garbage collector has run, which
        // is asynchronous (under load, after the prune has begun): a round that removed nothing waits a second, for
        // at most StalledLimit in all, before the records still left are reported.
        var previouslyLeft = int.MaxValue;
        var stalled = TimeSpan.Zero;
        while (true)
        {
            var present = (await ListAsync(environment)).Select(record => record.ID).ToHashSet(StringComparer.Ordinal);
            var left = targets.Where(present.Contains).ToList();
            if (left.Count == 0) break;
            if (left.Count >= previouslyLeft)
            {
                if (stalled >= StalledLimit) break;
                await Task.Delay(TimeSpan.FromSeconds(1));
                stalled += TimeSpan.FromSeconds(1);
            }
            previouslyLeft = left.Count;
            foreach (var id in left)
            {
                var prune = await ProcessTasks.RunAsync(dockerCli, ["builder", "prune", "--force", "--filter", $"id={id}"],
                    new ProcessOptions { Environment = environment.CliEnvironment(), LogOutput = false });
                if (!prune.Succeeded)
                    throw new InvalidOperationException($"{dockerCli} builder prune --filter id={id} failed (exit {prune.ExitCode}): {prune.StandardError}");
            }
        }
        var remaining = (await ListAsync(environment)).Select(record => record.ID).ToHashSet(StringComparer.Ordinal);
        return (targets.Count, targets.Count(remaining.Contains));
    }

    /// <summary>One record of <c>GET /system/df</c>'s BuildCache list (Docker.DotNet's model has no such list).</summary>
    sealed record BuildCacheRecord(string ID, IReadOnlyList<string> Parents, string? Description, bool InUse);

    /// <summary>The engine's build-cache records, read from its API socket.</summary>
    static async Task<IReadOnlyList<BuildCacheRecord>> ListAsync(DockerEnvironment environment)
    {
        const string scheme = "unix://";
        if (!environment.EffectiveHost.StartsWith(scheme, StringComparison.Ordinal))
            throw new InvalidOperationException($"reading build-cache records needs a unix socket DOCKER_HOST, not {environment.EffectiveHost}");
        var socket = environment.EffectiveHost[scheme.Length..];
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                return new NetworkStream(connection, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = TimeSpan.FromMinutes(2) };
        using var usage = JsonDocument.Parse(await http.GetStringAsync("system/df"));
        return usage.RootElement.TryGetProperty("BuildCache", out var records) && records.ValueKind == JsonValueKind.Array
            ? records.EnumerateArray().Select(record => new BuildCacheRecord(
                record.GetProperty("ID").GetString()!,
                ParentsOf(record),
                record.TryGetProperty("Description", out var description) ? description.GetString() : null,
                record.TryGetProperty("InUse", out var inUse) && inUse.ValueKind == JsonValueKind.True)).ToList()
            : [];
    }

    /// <summary>API 1.41 names one "Parent"; later APIs a "Parents" list, which dockerd 26 spells " Parents" (sic).</summary>
    static IReadOnlyList<string> ParentsOf(JsonElement record)
    {
        var parents = new List<string>();
        if (record.TryGetProperty("Parent", out var parent) && parent.GetString() is { Length: > 0 } one)
            parents.Add(one);
        foreach (var name in new[] { "Parents", " Parents" })
        {
            if (record.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
                parents.AddRange(list.EnumerateArray().Select(item => item.GetString()!).Where(item => item.Length > 0));
        }
        return parents;
    }
}
