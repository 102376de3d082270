using System;
using System.Collections.Generic;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.ModelDsl.Analysis
{
    /// <summary>
    /// Walks the time axis of the deployed part: receptive field (input samples behind one output step), hop
    /// (input samples per output step) and lookahead (samples the output waits for past its own hop).
    /// </summary>
    internal static class TimeAxisAnalysis
    {
        public sealed class Result
        {
            public long ReceptiveField { get; set; }
            public int Hop { get; set; }
            public long Lookahead { get; set; }
            public bool Streamable { get; set; }
        }

        private struct State
        {
            public long Field;      // input samples seen by one step
            public double Jump;     // input samples per step
            public long Lookahead;  // input samples needed beyond the step's own hop
            public bool Global;     // time axis collapsed (flatten/linear): the step sees the whole input
        }

        public static Result Run(Graph graph, ISet<string> deployed)
        {
            var states = new State[graph.Nodes.Count];
            bool streamable = true;
            Node? last = null;
            foreach (var node in graph.Nodes)
            {
                if (node.Op is InputOp) { states[node.Id] = new State { Field = 1, Jump = 1 }; continue; }
                if (!deployed.Contains(node.Part)) continue;
                var s = Merge(node, states);
                var t = node.Op.TimeAxis;
                if (node.Op is ReshapeOp || node.Op is LinearOp || node.Op is SoftmaxOp) s.Global = true;
                if (node.Op is Conv2dOp c2 && c2.Padding != Padding.Causal && c2.KernelW > 1) streamable = false;
                if (node.Op is Conv1dOp c1 && c1.Padding != Padding.Causal && c1.Span > 1) streamable = false;
                if (s.Global) streamable = false;
                s.Field += (long)(t.Span - 1) * (long)Math.Round(s.Jump);
                s.Lookahead += (long)t.Lookahead * (long)Math.Round(s.Jump);
                s.Jump = s.Jump * t.Stride / t.Upsample;
                states[node.Id] = s;
                last = node;
            }

            var inputLength = graph.Input.Shape[graph.Input.Shape.Length - 1];
            if (last == null) return new Result { ReceptiveField = 1, Hop = 1, Streamable = false };
            var end = states[last.Id];
            return new Result
            {
                ReceptiveField = end.Global ? inputLength : end.Field,
                Hop = (int)Math.Round(end.Jump),
                Lookahead = end.Lookahead,
                Streamable = streamable,
            };
        }

        private static State Merge(Node node, State[] states)
        {
            var merged = states[node.Inputs[0]];
            for (int i = 1; i < node.Inputs.Count; i++)
            {
                var other = states[node.Inputs[i]];
                merged.Field = Math.Max(merged.Field, other.Field);
                merged.Lookahead = Math.Max(merged.Lookahead, other.Lookahead);
                merged.Global |= other.Global;
            }
            return merged;
        }
    }
}
