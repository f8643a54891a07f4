class Build
{
    public static int Main(string[] args) => 0;
}
