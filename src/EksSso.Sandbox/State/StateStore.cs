using System.Text.Json;

namespace EksSso.Sandbox.State;

/// <summary>Saves and loads the whole state as one JSON file; written to a temp file and renamed, so a crash mid-write loses nothing.</summary>
public static class StateStore
{
    private const string FileName = "sandbox-state.json";
    private static readonly JsonSerializerOptions s_options = new() { WriteIndented = true };

    public static SandboxState? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<SandboxState>(File.ReadAllText(path), s_options) : null;
    }

    public static void Save(string directory, SandboxState state)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var temp = path + ".tmp";
        // The state holds secret keys: owner-only on Unix.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, state, s_options);
        }

        File.Move(temp, path, overwrite: true);
    }

    public static string Dump(SandboxState state) => JsonSerializer.Serialize(state, s_options);
}
