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
    from tagger import Tagger, folded_state
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


if __name__ == "__main__":
    unittest.main()
