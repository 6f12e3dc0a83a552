namespace NeuronDsl

open System

/// <summary>Where a part of a model is written: the position of its first character and its extent.</summary>
type SourceSpan =
    {
        /// <summary>Line of the first character, from 1.</summary>
        Line: int
        /// <summary>Column of the first character, from 1, counted in UTF-16 characters (a tab counts 1).</summary>
        Column: int
        /// <summary>Index of the first character in the parsed text, from 0.</summary>
        Offset: int
        /// <summary>Number of characters, without trailing blanks and comments.</summary>
        Length: int
    }

/// <summary>An error in model text: where it is, what kind it is, and what was wrong and what was expected.</summary>
type ParseError =
    {
        /// <summary>The file name given to the parser (may be empty).</summary>
        File: string
        /// <summary>Line, from 1.</summary>
        Line: int
        /// <summary>Column, from 1, counted in UTF-16 characters.</summary>
        Column: int
        /// <summary>What kind of error.</summary>
        Kind: ModelErrorKind
        /// <summary>One line: what was wrong and what was expected.</summary>
        Message: string
        /// <summary>The text of the line the error is on, without its line break ("" when there is none).</summary>
        SourceLine: string
    }

    /// <summary>
    /// The error as a compiler prints it: <c>file:line:column: message</c> (no file part when File is empty), then
    /// the source line and a caret under the column.
    /// </summary>
    /// <returns>Three lines of text.</returns>
    member e.Format() =
        let prefix =
            e.SourceLine.Substring(0, min e.SourceLine.Length (max 0 (e.Column - 1)))
        // Keep tabs so that the caret lines up whatever the tab width.
        let pad =
            String(prefix.ToCharArray() |> Array.map (fun c -> if c = '\t' then '\t' else ' '))

        let gap = String(' ', max 0 (e.Column - 1 - prefix.Length))
        let file = if String.IsNullOrEmpty e.File then "" else e.File + ":"
        sprintf "%s%d:%d: %s\n%s\n%s%s^" file e.Line e.Column e.Message e.SourceLine pad gap

    /// <summary>Same as <c>Format()</c>.</summary>
    override e.ToString() = e.Format()

/// <summary>Lines and columns of text, counted as the parser counts them ("\r\n", "\n" and "\r" end a line).</summary>
module internal SourceText =
    /// <summary>The 1-based line and column of the character at <paramref name="offset"/>.</summary>
    let position (text: string) (offset: int) =
        let offset = max 0 (min offset text.Length)
        let mutable line = 1
        let mutable lineStart = 0
        let mutable i = 0

        while i < offset do
            match text[i] with
            | '\n' ->
                line <- line + 1
                lineStart <- i + 1
            | '\r' when i + 1 < text.Length && text[i + 1] = '\n' -> ()
            | '\r' ->
                line <- line + 1
                lineStart <- i + 1
            | _ -> ()

            i <- i + 1

        line, offset - lineStart + 1

    /// <summary>The text of the line holding the character at <paramref name="offset"/>, without its line break.</summary>
    let lineAt (text: string) (offset: int) =
        let offset = max 0 (min offset text.Length)
        let isBreak c = c = '\n' || c = '\r'
        let mutable first = offset

        while first > 0 && not (isBreak text[first - 1]) do
            first <- first - 1

        let mutable last = offset

        while last < text.Length && not (isBreak text[last]) do
            last <- last + 1

        text.Substring(first, last - first)

    /// <summary>An error at a character of the text.</summary>
    let errorAt (file: string) (text: string) (offset: int) (kind: ModelErrorKind) (message: string) =
        let line, column = position text offset

        { File = file
          Line = line
          Column = column
          Kind = kind
          Message = message
          SourceLine = lineAt text offset }
