namespace Strata.Images;

public static class ImageLabels
{
    public const string InputsHash = DockerEngine.InputsHashLabel;
    public const string Lang = "strata.lang";
    public const string Stem = "strata.stem";
    public const string Backend = "strata.backend";
}
