namespace EksSso.Engine.Aws;

/// <summary>
/// Writes files that may hold settings or secrets of the user (AWS config, credentials, token cache): atomically, so a
/// reader (the AWS CLI, another shell) never sees half a file, and readable by the owner only.
/// </summary>
public static class PrivateFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Writes <paramref name="content"/> to a temporary file beside <paramref name="path"/> and renames it over the
    /// file. A new file gets mode 0600 (its folder 0700 when it has to be created); an existing file keeps its mode.
    /// </summary>
    public static void WriteAtomic(string path, byte[] content)
    {
        path = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            }
        }

        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                // The umask may have narrowed the create mode; an existing file's mode (maybe wider, by choice) is kept.
                File.SetUnixFileMode(temp, File.Exists(path) ? File.GetUnixFileMode(path) : OwnerReadWrite);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
