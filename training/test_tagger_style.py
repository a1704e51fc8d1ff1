"""The corpus-style input folds away exactly: a tagger with a style embedding, run with style 0, gives the same
emissions as the plain network `folded_state` exports (what the app runs).
    python3 -m unittest training/test_tagger_style.py   (needs python3-torch)
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import torch
    from tagger import Tagger, folded_state, style_bias_offset
    from corpora import LABELS
except ImportError:  # no PyTorch here
    torch = None


@unittest.skipIf(torch is None, "needs python3-torch")
class StyleFolding(unittest.TestCase):
    def test_style_zero_folds_into_the_bilstm_bias(self):
        torch.manual_seed(0)
        styled = Tagger(50, 20, LABELS, hidden=8, n_styles=3, style_dim=4).eval()
        plain = Tagger(50, 20, LABELS, hidden=8).eval()
        state = folded_state(styled, 0)
        plain.load_state_dict(state)
        words = torch.randint(2, 50, (2, 6))
        chars = torch.randint(1, 20, (2, 6, 5))
        cas = torch.randint(0, 5, (2, 6))
        lengths = torch.tensor([6, 4])
        with torch.no_grad():
            a = styled.emissions(words, chars, cas, lengths, torch.zeros(2, dtype=torch.long))
            b = plain.emissions(words, chars, cas, lengths)
            c = styled.emissions(words, chars, cas, lengths, torch.ones(2, dtype=torch.long))
        self.assertTrue(torch.allclose(a, b, atol=1e-5))
        self.assertFalse(torch.allclose(c, b, atol=1e-3))  # another style is another convention

    def test_a_style_offset_turns_the_folded_network_into_that_style(self):
        torch.manual_seed(1)
        styled = Tagger(50, 20, LABELS, hidden=8, n_styles=3, style_dim=4).eval()
        base, other = folded_state(styled, 0), folded_state(styled, 2)
        for sfx, off in zip(("", "_reverse"), style_bias_offset(styled, 2, 0)):
            key = f"lstm.bias_ih_l0{sfx}"
            self.assertTrue(torch.allclose(base[key] + off, other[key], atol=1e-6))
            self.assertFalse(torch.allclose(base[key], other[key], atol=1e-3))


if __name__ == "__main__":
    unittest.main()
