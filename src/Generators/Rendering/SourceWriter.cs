using System;
using System.Text;

namespace NeuralAudio.Generators.Rendering
{
    /// <summary>
    /// A small indented text writer in the style of System.Text.Json's generator: four-space indentation, "\n" line
    /// ends whatever the platform, so the output is byte-for-byte the same everywhere.
    /// </summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _sb = new StringBuilder();

        public int Indentation { get; set; }

        public void WriteLine(string text)
        {
            if (text.Length > 0) _sb.Append(' ', Indentation * 4).Append(text);
            _sb.Append('\n');
        }

        public void WriteLine() => _sb.Append('\n');

        /// <summary>Writes <paramref name="text"/> at column 0 (preprocessor directives).</summary>
        public void WriteUnindented(string text) => _sb.Append(text).Append('\n');

        /// <summary>Writes <paramref name="header"/> and an opening brace; disposing writes the closing brace.</summary>
        public IDisposable Block(string header, string close = "}")
        {
            WriteLine(header);
            WriteLine("{");
            Indentation++;
            return new Closer(this, close);
        }

        public override string ToString() => _sb.ToString();

        private sealed class Closer : IDisposable
        {
            private SourceWriter? _writer;
            private readonly string _close;
            public Closer(SourceWriter writer, string close) { _writer = writer; _close = close; }
            public void Dispose()
            {
                if (_writer is null) return;
                _writer.Indentation--;
                _writer.WriteLine(_close);
                _writer = null;
            }
        }
    }
}
