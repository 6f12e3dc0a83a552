using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace NeuronDsl.Cli;

/// <summary>An output folder problem (not writable, a file in the way, disk full, another run writing): exit code 3.</summary>
internal sealed class OutputFolderException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A run's output folder, written atomically: files go to a fresh staging folder beside the target, and
/// <see cref="Commit"/> swaps it into place, so the target holds exactly one complete run, the new one or the
/// previous one, never a mix. A lock file beside the target keeps two runs from writing the same folder at once.
/// Disposing without committing deletes the staging folder.
/// </summary>
internal sealed class OutputFolder : IDisposable
{
    private const string StagingSuffix = ".neurondsl-tmp";
    private readonly FileStream lockFile;
    private bool committed;

    private OutputFolder(string target, string staging, FileStream lockFile)
    {
        Target = target;
        Staging = staging;
        this.lockFile = lockFile;
    }

    /// <summary>The folder the run will appear in.</summary>
    public string Target { get; }

    /// <summary>Where the run writes its files until <see cref="Commit"/>.</summary>
    public string Staging { get; }

    /// <summary>
    /// Checks the target, takes the lock and creates the staging folder, before any simulation.
    /// </summary>
    /// <param name="target">The --out folder.</param>
    /// <param name="bytesNeeded">Estimated size of the files the run will write.</param>
    /// <exception cref="OutputFolderException">The folder cannot be written, is a file, is locked, or the disk is too full.</exception>
    public static OutputFolder Prepare(string target, long bytesNeeded)
    {
        if (string.IsNullOrWhiteSpace(target)) throw new OutputFolderException("--out: empty; expected a folder");
        var full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        if (full.Length > 0 && new DirectoryInfo(full) is { LinkTarget: not null } linked
            && linked.ResolveLinkTarget(returnFinalTarget: true) is { } link)
        {
            full = link.FullName.TrimEnd(Path.DirectorySeparatorChar); // --out is a symbolic link: replace what it points to
        }
        if (full.Length == 0 || Path.GetDirectoryName(full) is not { } parent)
        {
            throw new OutputFolderException($"--out '{target}': cannot replace the root folder; give a folder below it");
        }
        if (File.Exists(full)) throw new OutputFolderException($"--out '{target}' is a file; expected a folder (it is replaced whole)");
        var name = Path.GetFileName(full);
        FileStream? lockStream = null;
        try
        {
            Directory.CreateDirectory(parent);
            var lockPath = Path.Combine(parent, $".{name}.neurondsl-lock");
            try
            {
                // FileShare.None is an exclusive flock on Unix: released by the kernel if this process dies.
                lockStream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1,
                    FileOptions.DeleteOnClose);
            }
            catch (IOException e) when (e is not PathTooLongException && File.Exists(lockPath))
            {
                throw new OutputFolderException($"--out '{target}' is being written by another neurondsl run (lock {lockPath}); try again when it ends", e);
            }
            // We hold the lock, so staging folders left for this target are from killed runs: remove them.
            foreach (var stale in Directory.EnumerateDirectories(parent, $".{name}.*{StagingSuffix}"))
            {
                TryDelete(stale);
            }
            var free = new DriveInfo(parent).AvailableFreeSpace;
            if (bytesNeeded > free)
            {
                throw new OutputFolderException(
                    $"--out '{target}': the run needs about {Budget.Bytes(bytesNeeded)} and {Budget.Bytes(free)} are free");
            }
            var staging = Path.Combine(parent, $".{name}.{Guid.NewGuid():N}{StagingSuffix}");
            Directory.CreateDirectory(staging);
            var folder = new OutputFolder(full, staging, lockStream);
            lockStream = null;
            return folder;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new OutputFolderException($"--out '{target}': {e.Message}", e);
        }
        finally
        {
            lockStream?.Dispose();
        }
    }

    /// <summary>Path of a file in the staging folder.</summary>
    public string PathOf(string file) => Path.Combine(Staging, file);

    /// <summary>Replaces the target with the staging folder in one step (or two renames where the OS cannot swap).</summary>
    public void Commit()
    {
        if (Directory.Exists(Target))
        {
            if (!TrySwap(Staging, Target))
            {
                var old = Path.Combine(Path.GetDirectoryName(Target)!, $".{Path.GetFileName(Target)}.{Guid.NewGuid():N}{StagingSuffix}");
                Directory.Move(Target, old);
                Directory.Move(Staging, Target);
                TryDelete(old);
            }
            else
            {
                TryDelete(Staging); // now holds the previous run
            }
        }
        else
        {
            Directory.Move(Staging, Target);
        }
        committed = true;
    }

    public void Dispose()
    {
        if (!committed) TryDelete(Staging);
        lockFile.Dispose();
    }

    /// <summary>SHA-256 of a file, lowercase hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private const int AtCurrentDirectory = -100;
    private const uint RenameExchange = 2;

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    private static extern int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    /// <summary>Atomically exchanges two folders (Linux renameat2 RENAME_EXCHANGE); false where unsupported.</summary>
    private static bool TrySwap(string a, string b)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return RenameAt2(AtCurrentDirectory, a, AtCurrentDirectory, b, RenameExchange) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }
}
