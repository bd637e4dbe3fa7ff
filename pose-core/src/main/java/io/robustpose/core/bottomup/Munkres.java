package io.robustpose.core.bottomup;

import java.util.ArrayList;
import java.util.List;

/**
 * The Hungarian algorithm exactly as the {@code munkres} package 1.1.4 (bmc/munkres) runs it, which the
 * official HigherHRNet grouping ({@code lib/core/group.py}, {@code py_max_match}) calls. The tag costs
 * tie often (integer multiples of 100 minus a float32 score), and among optimal assignments every
 * solver picks its own; who gets a joint depends on that pick. So this is the same six steps, the same
 * scan orders (step 2 and 4 row-major, step 4 resuming at the last found zero and wrapping), the same
 * padding of a wide matrix with zero rows, and results read row-major over the original shape.
 * Costs are doubles, as the numpy float64 rows the official code passes.
 */
public final class Munkres {
    private static final int STAR = 1;
    private static final int PRIME = 2;

    private final double[][] c;
    private final int n;
    private final boolean[] rowCovered;
    private final boolean[] colCovered;
    private final int[][] marked;
    private int z0Row;
    private int z0Col;

    private Munkres(double[][] cost) {
        int rows = cost.length;
        int cols = 0;
        for (double[] r : cost) {
            cols = Math.max(cols, r.length);
        }
        n = Math.max(rows, cols);
        c = new double[n][n];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(cost[i], 0, c[i], 0, cost[i].length);
        }
        rowCovered = new boolean[n];
        colCovered = new boolean[n];
        marked = new int[n][n];
    }

    /**
     * The (row, column) pairs of a minimum-cost assignment, in munkres' output order (row-major).
     * A matrix with more columns than rows is padded with zero rows, one with more rows than columns
     * with zero columns (the official caller pads those itself, with 1e10).
     */
    public static List<int[]> compute(double[][] cost) {
        if (cost.length == 0) {
            return List.of();
        }
        Munkres m = new Munkres(cost);
        m.solve();
        List<int[]> out = new ArrayList<>();
        int width = cost[0].length; // munkres reads len(cost_matrix[0]) as the original width
        for (int i = 0; i < cost.length; i++) {
            for (int j = 0; j < width; j++) {
                if (m.marked[i][j] == STAR) {
                    out.add(new int[]{i, j});
                }
            }
        }
        return out;
    }

    private void solve() {
        int step = 1;
        while (step != 7) {
            step = switch (step) {
                case 1 -> step1();
                case 2 -> step2();
                case 3 -> step3();
                case 4 -> step4();
                case 5 -> step5();
                case 6 -> step6();
                default -> throw new IllegalStateException("step " + step);
            };
        }
    }

    /** Subtract each row's minimum from the row. */
    private int step1() {
        for (int i = 0; i < n; i++) {
            double min = c[i][0];
            for (int j = 1; j < n; j++) {
                if (c[i][j] < min) { // Python's min(): the first of equal values
                    min = c[i][j];
                }
            }
            for (int j = 0; j < n; j++) {
                c[i][j] -= min;
            }
        }
        return 2;
    }

    /** Star the first zero of each row whose column has no star yet. */
    private int step2() {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (c[i][j] == 0 && !colCovered[j] && !rowCovered[i]) {
                    marked[i][j] = STAR;
                    colCovered[j] = true;
                    rowCovered[i] = true;
                    break;
                }
            }
        }
        clearCovers();
        return 3;
    }

    /** Cover the columns of starred zeros; done when all are covered. */
    private int step3() {
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (marked[i][j] == STAR && !colCovered[j]) {
                    colCovered[j] = true;
                    count++;
                }
            }
        }
        return count >= n ? 7 : 4;
    }

    /** Prime uncovered zeros until one has no star in its row (step 5) or none is left (step 6). */
    private int step4() {
        int row = 0;
        int col = 0;
        while (true) {
            int[] z = findAZero(row, col);
            row = z[0];
            col = z[1];
            if (row < 0) {
                return 6;
            }
            marked[row][col] = PRIME;
            int starCol = findInRow(row, STAR);
            if (starCol >= 0) {
                col = starCol;
                rowCovered[row] = true;
                colCovered[col] = false;
            } else {
                z0Row = row;
                z0Col = col;
                return 5;
            }
        }
    }

    /** The alternating path of primes and stars from the last prime; flip it, clear covers and primes. */
    private int step5() {
        int[][] path = new int[2 * n][2];
        int count = 0;
        path[0][0] = z0Row;
        path[0][1] = z0Col;
        while (true) {
            int row = findInCol(path[count][1]);
            if (row < 0) {
                break;
            }
            count++;
            path[count][0] = row;
            path[count][1] = path[count - 1][1];
            int col = findInRow(path[count][0], PRIME);
            count++;
            path[count][0] = path[count - 1][0];
            path[count][1] = col;
        }
        for (int i = 0; i <= count; i++) {
            int[] p = path[i];
            marked[p[0]][p[1]] = marked[p[0]][p[1]] == STAR ? 0 : STAR;
        }
        clearCovers();
        for (int[] r : marked) {
            for (int j = 0; j < n; j++) {
                if (r[j] == PRIME) {
                    r[j] = 0;
                }
            }
        }
        return 3;
    }

    /** Add the smallest uncovered value to covered rows and subtract it from uncovered columns. */
    private int step6() {
        double min = Long.MAX_VALUE; // munkres starts from sys.maxsize
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (!rowCovered[i] && !colCovered[j] && min > c[i][j]) {
                    min = c[i][j];
                }
            }
        }
        int events = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (rowCovered[i]) {
                    c[i][j] += min;
                    events++;
                }
                if (!colCovered[j]) {
                    c[i][j] -= min;
                    events++;
                }
                if (rowCovered[i] && !colCovered[j]) {
                    events -= 2;
                }
            }
        }
        if (events == 0) {
            throw new IllegalArgumentException("cost matrix cannot be solved");
        }
        return 4;
    }

    /** The first uncovered zero, scanning rows from i0 and columns from j0, both wrapping around. */
    private int[] findAZero(int i0, int j0) {
        int row = -1;
        int col = -1;
        int i = i0;
        boolean done = false;
        while (!done) {
            int j = j0;
            while (true) {
                // munkres keeps scanning the row after a hit, so the last zero of the row is the one found
                if (c[i][j] == 0 && !rowCovered[i] && !colCovered[j]) {
                    row = i;
                    col = j;
                    done = true;
                }
                j = (j + 1) % n;
                if (j == j0) {
                    break;
                }
            }
            i = (i + 1) % n;
            if (i == i0) {
                done = true;
            }
        }
        return new int[]{row, col};
    }

    private int findInRow(int row, int mark) {
        for (int j = 0; j < n; j++) {
            if (marked[row][j] == mark) {
                return j;
            }
        }
        return -1;
    }

    private int findInCol(int col) {
        for (int i = 0; i < n; i++) {
            if (marked[i][col] == STAR) {
                return i;
            }
        }
        return -1;
    }

    private void clearCovers() {
        java.util.Arrays.fill(rowCovered, false);
        java.util.Arrays.fill(colCovered, false);
    }
}
