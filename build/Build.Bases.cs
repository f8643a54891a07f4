using Strata.Engine;
using Strata.Images;
using Strata.Matrix;

partial class Build
{
    Target BuildBase => _ => _
        .Description("Build one tier-1+2 base image: --lang L --accel A [--ubuntu U] [--cuda X.Y] [--base-image IMG]")
        .DependsOn(ConnectDocker)
        .Requires(() => Lang)
        .Requires(() => Accel)
        .Requires(() => BaseRepo)
        .Expands(() => [BaseTarget(RequestedBase, RequestedLeg)]);

    // --platform naming one platform of a flavour whose consumers span several selects that platform's leg.
    BaseLeg? RequestedLeg => Platform is { } platform && Platforms.Parse(platform) is [var one] ? RequestedBase.LegFor(one) : null;

    BaseFlavour RequestedBase => AsInputError(() => BaseSelection.Resolve(Plan.Bases, new BaseQuery(Lang!, Accel!.BuildType)
    {
        UbuntuVersion = Ubuntu,
        CudaVersion = Cuda,
        BaseImage = BaseImage,
        Platform = Platform,
        SkipDrivers = SkipDrivers ? "true" : null,
        DefaultCudaVersion = DefaultCuda,
        DefaultBaseImage = UpstreamImageFor(Accel),
    }));

    SubTarget BaseTarget(BaseFlavour flavour, BaseLeg? leg = null) => new($"{nameof(BuildBase)}[{Strata.Matrix.Rows.Name(flavour.TagStem, leg?.PlatformTag)}]", async context =>
    {
        var result = await Docker.Bases.RunAsync(ImageSpecs.ForBase(flavour, ImageSettings, leg), context.CancellationToken);
        context.Note = ImageSpecs.Describe(result.Outcome);
    });

    string? UpstreamImageFor(Accelerator accelerator) => UpstreamImages
        .Select(pair => pair.Split('=', 2))
        .Where(pair => pair.Length == 2 && Enumeration.Parse<Accelerator>(pair[0]).Equals(accelerator))
        .Select(pair => pair[1])
        .FirstOrDefault();
}
