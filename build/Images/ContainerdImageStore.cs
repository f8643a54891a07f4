namespace Strata.Images;

/// <summary>
/// Whether an engine stores images in containerd (the containerd-snapshotter feature): then buildx's <c>docker</c>
/// driver can export registry caches and keep multi-platform images, which the classic image store cannot.
/// </summary>
public static class ContainerdImageStore
{
    public const string DriverType = "io.containerd.snapshotter.v1";

    /// <summary>Reads the engine info's DriverStatus pairs, e.g. <c>["driver-type", "io.containerd.snapshotter.v1"]</c>.</summary>
    public static bool IsReportedBy(IEnumerable<IEnumerable<string>>? driverStatus) =>
        driverStatus?.Any(pair => pair.ToList() is ["driver-type", DriverType]) == true;
}
