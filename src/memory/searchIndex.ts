/**
 * An inverted index computing the relevance of score.ts for one namespace. Each field keeps its
 * terms' tf weights; idf values and field norms depend on the whole namespace, so they are cached
 * with the index's generation and recomputed lazily, only for the terms and fields a query
 * touches. A query costs its terms' postings, never a scan of every entry. Postings are plain
 * arrays (a deleted field is skipped, then compacted away), which keeps indexing 10,000 entries
 * and scanning long postings cheap.
 */
import { idf, termCounts, tfWeight } from './score.js';

interface Term {
  word: string;
  /** Postings: field ids and the term's tf weight in each. Deleted fields stay until compacted. */
  ids: number[];
  weights: number[];
  /** Live fields holding the term. */
  df: number;
  idf: number;
  idfGeneration: number;
}

interface Field {
  id: number;
  owner: string;
  /** Its terms and their tf weights, side by side. */
  terms: Term[];
  weights: number[];
  norm: number;
  normGeneration: number;
}

export class SearchIndex {
  private readonly terms = new Map<string, Term>();
  private readonly owners = new Map<string, Field[]>();
  /** Fields by id; ids are never reused. */
  private readonly fields: (Field | undefined)[] = [];
  private fieldCount = 0;
  /** Bumped by every change: N and df values, hence idf and norms, move with it. */
  private generation = 0;
  /** Dot products by field id during a query; all zero between queries. */
  private dots = new Float64Array(0);

  /** Indexes (or re-indexes) `id` with its text fields. */
  set(id: string, texts: string[]): void {
    this.delete(id);
    const indexed: Field[] = [];
    for (const text of texts) {
      const counts = termCounts(text);
      if (counts.size === 0) continue;
      const field: Field = { id: this.fields.length, owner: id, terms: [], weights: [], norm: 0, normGeneration: -1 };
      for (const [word, tf] of counts) {
        let term = this.terms.get(word);
        if (!term) {
          term = { word, ids: [], weights: [], df: 0, idf: 0, idfGeneration: -1 };
          this.terms.set(word, term);
        }
        const weight = tfWeight(tf);
        term.ids.push(field.id);
        term.weights.push(weight);
        term.df++;
        field.terms.push(term);
        field.weights.push(weight);
      }
      this.fields.push(field);
      indexed.push(field);
    }
    this.owners.set(id, indexed);
    this.fieldCount += indexed.length;
    this.generation++;
  }

  delete(id: string): void {
    const fields = this.owners.get(id);
    if (!fields) return;
    for (const field of fields) {
      this.fields[field.id] = undefined;
      for (const term of field.terms) {
        term.df--;
        if (term.df === 0) this.terms.delete(term.word);
        else if (term.ids.length > 2 * term.df + 16) this.compact(term);
      }
    }
    this.owners.delete(id);
    this.fieldCount -= fields.length;
    this.generation++;
  }

  /**
   * Relevance in [0, 1] (the best field's cosine) of every id sharing a term with the query,
   * leaving out those below `floor`.
   */
  relevance(query: string, floor = 0): Map<string, number> {
    if (this.dots.length < this.fields.length) this.dots = new Float64Array(Math.max(this.fields.length, this.dots.length * 2));
    const dots = this.dots;
    const touched: number[] = [];
    let queryNorm = 0;
    for (const [word, tf] of termCounts(query)) {
      const term = this.terms.get(word);
      const termIdf = term ? this.idfOf(term) : idf(this.fieldCount, 1);
      const weight = tfWeight(tf) * termIdf;
      queryNorm += weight * weight;
      if (!term) continue;
      const { ids, weights } = term;
      const factor = weight * termIdf;
      for (let i = 0; i < ids.length; i++) {
        const fid = ids[i];
        if (this.fields[fid] === undefined) continue;
        if (dots[fid] === 0) touched.push(fid);
        dots[fid] += factor * weights[i];
      }
    }
    queryNorm = Math.sqrt(queryNorm);
    const best = new Map<string, number>();
    for (const fid of touched) {
      const field = this.fields[fid]!;
      const cosine = Math.min(1, dots[fid] / (queryNorm * this.normOf(field)));
      dots[fid] = 0;
      if (cosine >= floor && cosine > (best.get(field.owner) ?? 0)) best.set(field.owner, cosine);
    }
    return best;
  }

  /** Drops postings of deleted fields. */
  private compact(term: Term): void {
    const ids: number[] = [];
    const weights: number[] = [];
    for (let i = 0; i < term.ids.length; i++) {
      if (this.fields[term.ids[i]] === undefined) continue;
      ids.push(term.ids[i]);
      weights.push(term.weights[i]);
    }
    term.ids = ids;
    term.weights = weights;
  }

  private idfOf(term: Term): number {
    if (term.idfGeneration !== this.generation) {
      term.idf = idf(this.fieldCount, term.df);
      term.idfGeneration = this.generation;
    }
    return term.idf;
  }

  private normOf(field: Field): number {
    if (field.normGeneration !== this.generation) {
      let sum = 0;
      for (let i = 0; i < field.terms.length; i++) {
        const x = field.weights[i] * this.idfOf(field.terms[i]);
        sum += x * x;
      }
      field.norm = Math.sqrt(sum);
      field.normGeneration = this.generation;
    }
    return field.norm;
  }
}
