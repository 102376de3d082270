using System;
using System.Text;

namespace NeuralAudio.ModelDsl.Emit
{
    /// <summary>
    /// Builds indented source text with "\n" newlines whatever the host OS, so emitted files are byte for byte
    /// deterministic (the generator's output is diffed and cached).
    /// </summary>
    public sealed class CodeWriter
    {
        private readonly StringBuilder _text = new StringBuilder();
        private readonly string _indentUnit;
        private int _depth;

        public CodeWriter(string indentUnit = "    ") { _indentUnit = indentUnit; }

        /// <summary>Writes one line at the current indentation; an empty string writes an empty line (no trailing spaces).</summary>
        public CodeWriter Line(string text = "")
        {
            if (text.Length > 0)
                for (int i = 0; i < _depth; i++) _text.Append(_indentUnit);
            _text.Append(text).Append('\n');
            return this;
        }

        /// <summary>Indents the following lines until the returned scope is disposed.</summary>
        public IDisposable Indent()
        {
            _depth++;
            return new Scope(() => _depth--);
        }

        /// <summary>Writes <paramref name="header"/>, an opening brace, and indents; disposal closes with <c>}</c> plus <paramref name="closingSuffix"/>.</summary>
        public IDisposable Block(string header, string closingSuffix = "")
        {
            Line(header);
            Line("{");
            _depth++;
            return new Scope(() => { _depth--; Line("}" + closingSuffix); });
        }

        public override string ToString() => _text.ToString();

        private sealed class Scope : IDisposable
        {
            private Action? _close;
            public Scope(Action close) { _close = close; }
            public void Dispose() { _close?.Invoke(); _close = null; }
        }
    }
}
