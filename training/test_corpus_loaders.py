"""Every reader and every corpus of multi_corpus.CORPORA on a few documents: each span's text is its mention,
each sentence's gold spans are its words, gene spans follow NCBI's convention, merging intersects label sets.
    python3 -m unittest training/test_corpus_loaders.py   (from the repository root; needs ../shared/data)
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import multi_corpus as mc  # noqa: E402
from corpus_readers import Doc  # noqa: E402
from wordpiece import pretokenize  # noqa: E402

HAVE_DATA = os.path.isdir(os.path.join(mc.DEFAULT_DATA, "extra"))


@unittest.skipUnless(HAVE_DATA, "needs ../shared/data")
class EveryCorpus(unittest.TestCase):
    def test_spans_are_their_mentions(self):
        for spec in mc.CORPORA:
            for split, read in spec.files.items():
                every = read(mc.DEFAULT_DATA, split)
                docs = every[:300]
                with self.subTest(corpus=spec.name, split=split):
                    self.assertTrue(docs, "no documents")
                    self.assertTrue(any(d.spans for d in every), "no mentions")
                    for d in docs:
                        for s, e, tag in d.spans:
                            self.assertTrue(0 <= s < e <= len(d.text))
                            self.assertEqual(d.text[s:e].strip(), d.text[s:e], (d.id, tag))
                    for d in docs:
                        for sent in mc.doc_sentences(d, spec):
                            starts = {w[0] for w in sent.words}
                            ends = {w[1] for w in sent.words}
                            for t, s, e in sent.gold:
                                self.assertIn(t, spec.annotates)
                                self.assertIn(s, starts)
                                self.assertIn(e, ends)
                                self.assertEqual(sent.text[s:e].strip(), sent.text[s:e])


class Readers(unittest.TestCase):
    def test_pubtator_offsets_count_title_space_abstract(self):
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".PubTator", delete=False, encoding="utf-8") as f:
            f.write("1|t|BRCA1 in mice.\n1|a|The SRD5A2 gene was cut.\n1\t0\t5\tBRCA1\tGene\t672\n"
                    "1\t19\t25\tSRD5A2\tGene\t6716\n1\t19\t24\tSRD5A2\tGene\t6716\n\n")
        from corpus_readers import read_pubtator
        [d] = read_pubtator(f.name)
        os.unlink(f.name)
        self.assertEqual(d.text, "BRCA1 in mice.\nThe SRD5A2 gene was cut.")
        self.assertEqual([d.text[s:e] for s, e, _ in d.spans], ["BRCA1", "SRD5A2"])
        self.assertEqual(d.skipped, 1)

    def test_conll_rebuilds_spacing(self):
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".conll", delete=False, encoding="utf-8") as f:
            f.write("IL O -\n- O -\n6 B-Gene +\nrises O -\n. O +\n\n")
        from corpus_readers import read_conll
        [d] = read_conll(f.name, "x")
        os.unlink(f.name)
        self.assertEqual(d.text, "IL-6 rises.")
        self.assertEqual([d.text[s:e] for s, e, _ in d.spans], ["6"])


class Conventions(unittest.TestCase):
    spec = mc.CorpusSpec("t", ("Gene",), {"Gene": "Gene", "DNA": mc.MASK}, {})

    def gold(self, text, mention, tag="Gene", own_gene_spans=False):
        s = text.index(mention)
        [sent] = mc.doc_sentences(Doc("d", text, [(s, s + len(mention), tag)]), self.spec, own_gene_spans)
        return [sent.text[a:b] for _, a, b in sent.gold], sent

    def test_generic_words_are_cut_off_genes(self):
        self.assertEqual(self.gold("The SRD5A2 gene was cut.", "SRD5A2 gene")[0], ["SRD5A2"])
        self.assertEqual(self.gold("The APOE promoter binds.", "APOE promoter")[0], ["APOE"])
        self.assertEqual(self.gold("We saw BRCA1 mutations here.", "BRCA1 mutations")[0], ["BRCA1"])
        self.assertEqual(self.gold("In Brca1-deficient mice.", "Brca1-deficient")[0], ["Brca1"])
        self.assertEqual(self.gold("The human IL-6 level.", "human IL-6")[0], ["IL-6"])
        self.assertEqual(self.gold("The p53 protein binds.", "p53 protein")[0], ["p53"])

    def test_a_corpus_with_its_own_convention_keeps_its_spans(self):
        # train_multi.py --own-convention: taught under the corpus's own style, as annotated
        gold, sent = self.gold("The SRD5A2 gene was cut.", "SRD5A2 gene", own_gene_spans=True)
        self.assertEqual(gold, ["SRD5A2 gene"])
        words = [w[2] for w in sent.words]
        self.assertEqual(sent.allowed[words.index("gene")], (mc.LABELS.index("I-Gene"),))

    def test_full_names_keep_their_words(self):
        self.assertEqual(self.gold("High C-reactive protein levels.", "C-reactive protein")[0], ["C-reactive protein"])
        self.assertEqual(self.gold("The (Bcl-2)-associated X protein binds.", "(Bcl-2)-associated X protein")[0],
                         ["(Bcl-2)-associated X protein"])

    def test_a_cut_word_is_o_and_masked_words_are_open(self):
        _, sent = self.gold("The SRD5A2 gene was cut.", "SRD5A2 gene")
        words = [w[2] for w in sent.words]
        self.assertEqual(sent.allowed[words.index("gene")], mc.o_allowed(("Gene",)))
        _, sent = self.gold("The TCR gene rearranges.", "TCR gene", tag="DNA")
        self.assertEqual(sent.gold, [])
        self.assertEqual(sent.allowed[[w[2] for w in sent.words].index("TCR")], mc.ALL)

    def test_names_a_corpus_leaves_open_are_masked_where_unannotated(self):
        # DrugProt annotates no "LPS"; BC5CDR, whose convention the app follows, always does
        spec = mc.BY_NAME["DrugProt"]
        self.assertIn(("lps",), spec.leaves_open)
        text = "LPS and green tea, not lipopolysaccharide-free; aspirin."
        doc = Doc("t", text, [(text.index("aspirin"), text.index("aspirin") + 7, "Chemical")])
        sent = mc.doc_sentences(doc, spec)[0]
        allowed = {w[2]: a for w, a in zip(sent.words, sent.allowed)}
        self.assertEqual(allowed["LPS"], mc.ALL)
        self.assertEqual((allowed["green"], allowed["tea"]), (mc.ALL, mc.ALL))
        self.assertEqual(allowed["aspirin"], (mc.LABELS.index("B-Chemical"),))
        self.assertEqual(allowed["not"], mc.o_allowed(spec.annotates))
        self.assertEqual(sent.gold, [("Chemical", text.index("aspirin"), text.index("aspirin") + 7)])

    def test_merge_joins_annotations_of_the_same_text(self):
        chem = mc.CorpusSpec("a", ("Chemical",), {"Chemical": "Chemical"}, {})
        gene = mc.CorpusSpec("b", ("Gene",), {"Gene": "Gene"}, {})
        text = "Aspirin inhibits COX2 ."
        a = mc.doc_sentences(Doc("1", text, [(0, 7, "Chemical")]), chem)
        b = mc.doc_sentences(Doc("2", text.replace(" .", "."), [(17, 21, "Gene")]), gene)
        [m] = mc.merge(a + b)
        self.assertEqual(m.corpus, "a+b")
        self.assertEqual(set(m.annotates), {"Chemical", "Gene"})
        self.assertEqual(m.allowed[0], (mc.LABELS.index("B-Chemical"),))
        self.assertEqual(m.allowed[2], (mc.LABELS.index("B-Gene"),))
        self.assertEqual(m.allowed[1], mc.o_allowed(("Chemical", "Gene")))

    def test_sentences_split_like_the_app(self):
        text = "IL-6 rose (e.g. in mice). It fell 2.5 fold. Then"
        words = pretokenize(text)
        cuts = [" ".join(w[2] for w in words[a:b]) for a, b in mc.split_sentences(text, words)]
        self.assertEqual(cuts, ["IL - 6 rose ( e . g . in mice ) .", "It fell 2 . 5 fold .", "Then"])


if __name__ == "__main__":
    unittest.main()
