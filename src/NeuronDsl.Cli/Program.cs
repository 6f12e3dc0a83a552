using System.Runtime.InteropServices;

namespace NeuronDsl.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        // SIGINT and SIGTERM cancel the run instead of killing the process, so the staging folder is removed and
        // --out keeps its previous contents.
        using var interrupted = new CancellationTokenSource();
        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupted.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        return Cli.Run(args, Console.Out, Console.Error, interrupted.Token);
    }
}
