using System.Collections.Concurrent;
using System.Text;

namespace Strata.Engine;

/// <summary>
/// A set of output files written all-or-nothing: each is staged as a temp file beside its target, and only when every
/// one is staged (and the run was not interrupted) are they renamed into place. Disposing without
/// <see cref="Commit"/> removes the temp files, so a failed or interrupted run leaves every target as it was.
/// </summary>
public sealed class OutputFiles : IDisposable
{
    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    readonly List<(string Temp, string Target)> staged = [];
    readonly List<(string Device, string Content, bool Append)> deviceWrites = [];

    /// <summary>Stages <paramref name="content"/> as the new content of <paramref name="path"/>.</summary>
    public void Write(string path, string content)
    {
        if (IsDevice(path)) deviceWrites.Add((path, content, false));
        else Stage(path, temp => File.WriteAllText(temp, content, Utf8));
    }

    /// <summary>Stages the current content of <paramref name="path"/> (if any) followed by <paramref name="content"/>.</summary>
    public void Append(string path, string content)
    {
        if (IsDevice(path)) deviceWrites.Add((path, content, true));
        else Stage(path, temp =>
        {
            if (File.Exists(path))
                File.Copy(path, temp, overwrite: true);
            File.AppendAllText(temp, content, Utf8);
        });
    }

    /// <summary>
    /// /dev/null, /dev/stdout, /proc/self/fd/N: a stream, not a file to replace (renaming a temp file onto /dev/null
    /// would replace the device for the whole machine). Written on commit, after everything else is staged.
    /// </summary>
    static bool IsDevice(string path)
    {
        var full = Path.GetFullPath(path);
        return full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal);
    }

    /// <summary>A temp path for <paramref name="path"/> that a tool fills (an archive, say); renamed into place on commit.</summary>
    public string Reserve(string path)
    {
        string? reserved = null;
        Stage(path, temp => reserved = temp);
        return reserved!;
    }

    /// <summary>Renames every staged file into place, unless <paramref name="cancellationToken"/> was cancelled.</summary>
    public void Commit(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var (temp, target) in staged)
        {
            File.Move(temp, target, overwrite: true);
            TempFiles.Forget(temp);
        }
        staged.Clear();
        foreach (var (device, content, append) in deviceWrites)
        {
            using var stream = new FileStream(device, append ? FileMode.Append : FileMode.Create, FileAccess.Write);
            stream.Write(Utf8.GetBytes(content));
        }
        deviceWrites.Clear();
    }

    /// <summary>Writes one file all-or-nothing.</summary>
    public static void WriteOne(string path, string content, CancellationToken cancellationToken = default)
    {
        using var files = new OutputFiles();
        files.Write(path, content);
        files.Commit(cancellationToken);
    }

    void Stage(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new IOException($"{full} is a directory, not a file");
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        TempFiles.Track(temp);
        staged.Add((temp, full));
        write(temp);
    }

    public void Dispose()
    {
        foreach (var (temp, _) in staged)
            TempFiles.Delete(temp);
        staged.Clear();
        deviceWrites.Clear();
    }
}

/// <summary>Temp files not yet renamed into place, so an exit on a second interrupt can remove them.</summary>
public static class TempFiles
{
    static readonly ConcurrentDictionary<string, byte> pending = new(StringComparer.Ordinal);

    internal static void Track(string path) => pending[path] = 0;

    internal static void Forget(string path) => pending.TryRemove(path, out _);

    internal static void Delete(string path)
    {
        try
        {
            if (File.Exists(path))
                File.Delete(path);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        Forget(path);
    }

    /// <summary>Removes every temp file still pending.</summary>
    public static void DeleteAll()
    {
        foreach (var path in pending.Keys)
            Delete(path);
    }
}
