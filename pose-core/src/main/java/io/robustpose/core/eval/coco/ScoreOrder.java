package io.robustpose.core.eval.coco;

/**
 * numpy's {@code argsort(-scores, kind='mergesort')}: indices by descending score, equal scores
 * in their original order. Compares with {@code >} only, so -0.0 and 0.0 tie as they do in numpy.
 */
final class ScoreOrder {
    private ScoreOrder() {
    }

    /** Sorts {@code idx[0..n)} (indices into {@code score}) in place. */
    static void sortDescending(int[] idx, int n, double[] score, int[] scratch) {
        if (n < 2) {
            return;
        }
        if (n <= 32) {
            insertion(idx, 0, n, score);
            return;
        }
        mergeSort(idx, scratch, 0, n, score);
    }

    static int[] argsortDescending(double[] score, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        sortDescending(idx, n, score, new int[n]);
        return idx;
    }

    private static void insertion(int[] idx, int from, int to, double[] score) {
        for (int i = from + 1; i < to; i++) {
            int v = idx[i];
            double s = score[v];
            int j = i - 1;
            while (j >= from && s > score[idx[j]]) {
                idx[j + 1] = idx[j];
                j--;
            }
            idx[j + 1] = v;
        }
    }

    private static void mergeSort(int[] idx, int[] tmp, int from, int to, double[] score) {
        if (to - from <= 32) {
            insertion(idx, from, to, score);
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(idx, tmp, from, mid, score);
        mergeSort(idx, tmp, mid, to, score);
        if (!(score[idx[mid]] > score[idx[mid - 1]])) {
            return; // already in order
        }
        System.arraycopy(idx, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            // take from the right only if strictly greater: keeps equal scores stable
            idx[k++] = score[tmp[j]] > score[tmp[i]] ? tmp[j++] : tmp[i++];
        }
        while (i < mid) {
            idx[k++] = tmp[i++];
        }
        while (j < to) {
            idx[k++] = tmp[j++];
        }
    }
}
