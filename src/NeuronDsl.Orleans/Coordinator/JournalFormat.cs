using System.Security.Cryptography;
using System.Text;

namespace NeuronDsl.Orleans.Coordinator;

/// <summary>
/// The journal's text: a header naming the job (run count and the document's SHA-256), then one line per row,
/// <c>index TAB ok|failed|lost TAB base64(payload or message) TAB check</c>, where check is the first 16 hex digits of
/// the SHA-256 of the three fields before it; <c>lost</c> is a run given up after its workers were lost
/// (<see cref="RunRow.Lost"/>).
/// </summary>
internal static class JournalFormat
{
    private const string Magic = "neurondsl-journal 1";

    public static string Header(SweepJob job) =>
        $"{Magic} runs={job.RunCount} document-sha256={Hex(Encoding.UTF8.GetBytes(job.Document))}";

    public static string Line(RunRow row)
    {
        var body = row.Succeeded
            ? $"{row.Index}\tok\t{Convert.ToBase64String(row.Payload)}"
            : $"{row.Index}\t{(row.Lost ? "lost" : "failed")}\t{Convert.ToBase64String(Encoding.UTF8.GetBytes(row.Error ?? ""))}";
        return $"{body}\t{Check(body)}";
    }

    /// <summary>The row a line holds, or null when the line is damaged (wrong shape or checksum).</summary>
    public static RunRow? TryParse(string line)
    {
        var last = line.LastIndexOf('\t');
        if (last < 0 || line[(last + 1)..] != Check(line[..last])) return null;
        var fields = line[..last].Split('\t');
        if (fields.Length != 3 || !long.TryParse(fields[0], out var index) || index < 0) return null;
        try
        {
            var bytes = Convert.FromBase64String(fields[2]);
            return fields[1] switch
            {
                "ok" => RunRow.Success(index, bytes),
                "failed" => RunRow.Failure(index, Encoding.UTF8.GetString(bytes)),
                "lost" => RunRow.Loss(index, Encoding.UTF8.GetString(bytes)),
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Check(string body) => Hex(Encoding.UTF8.GetBytes(body))[..16];

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
