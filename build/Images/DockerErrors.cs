namespace Strata.Images;

/// <summary>The Docker engine cannot be reached; the message says where we looked and how to start one.</summary>
public sealed class EngineUnreachableException(string message, Exception? inner = null) : Exception(message, inner)
{
    public static EngineUnreachableException For(DockerEnvironment environment, Exception inner) => new(
        $"Docker engine unreachable at DOCKER_HOST={environment.EffectiveHost}" +
        (environment.Host is null ? " (DOCKER_HOST is not set; that is the default socket)" : "") +
        $": {Reason(environment, inner)}. Start one with `sudo .ci/docker-up.sh` and `source /run/strata/env`, or set DOCKER_HOST to a running engine.",
        inner);

    static string Reason(DockerEnvironment environment, Exception inner)
    {
        const string unix = "unix://";
        var host = environment.EffectiveHost;
        return host.StartsWith(unix, StringComparison.Ordinal) && !File.Exists(host[unix.Length..])
            ? $"no socket at {host[unix.Length..]}"
            : OneLine(inner);
    }

    internal static string OneLine(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        var text = innermost == exception ? exception.Message : $"{exception.Message} ({innermost.Message})";
        return text.ReplaceLineEndings(" ").Trim();
    }
}

/// <summary>A push or pull failed at the registry; the message names the registry and the reference.</summary>
public class RegistryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The registry refused us for lack of (valid) credentials, e.g. a fork pull request.</summary>
public sealed class RegistryAuthenticationException(string message, Exception? inner = null) : RegistryException(message, inner);

/// <summary>A build failed; the message carries the command's exit code and the last lines of its output.</summary>
public sealed class ImageBuildException(string message) : Exception(message);
