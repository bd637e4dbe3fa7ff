package io.robustpose.core.inference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quarter-pixel refinement exactly where HRNet's {@code get_final_preds} applies it:
 * {@code 1 < px < W-1 and 1 < py < H-1} — so a peak in the second column or row stays on its cell.
 */
class HeatmapRefinementTest {

    private static float[][][] peakAt(int x, int y, int w, int h) {
        float[][][] hm = new float[1][h][w];
        hm[0][y][x] = 1f;
        if (x + 1 < w) {
            hm[0][y][x + 1] = 0.5f; // the higher neighbour on the right
        }
        if (y + 1 < h) {
            hm[0][y + 1][x] = 0.5f; // and below
        }
        return hm;
    }

    @Test
    void refinesInsideAndNotInTheSecondColumnOrRow() {
        Heatmaps.Peak inside = Heatmaps.decode(peakAt(5, 6, 12, 16))[0];
        assertThat(inside.x()).isEqualTo(5.25);
        assertThat(inside.y()).isEqualTo(6.25);
        Heatmaps.Peak secondColumn = Heatmaps.decode(peakAt(1, 6, 12, 16))[0];
        assertThat(secondColumn.x()).isEqualTo(1.0);
        assertThat(secondColumn.y()).isEqualTo(6.0);
        Heatmaps.Peak secondRow = Heatmaps.decode(peakAt(5, 1, 12, 16))[0];
        assertThat(secondRow.x()).isEqualTo(5.0);
        assertThat(secondRow.y()).isEqualTo(1.0);
        Heatmaps.Peak lastColumn = Heatmaps.decode(peakAt(11, 6, 12, 16))[0];
        assertThat(lastColumn.x()).isEqualTo(11.0);
        Heatmaps.Peak thirdColumn = Heatmaps.decode(peakAt(2, 2, 12, 16))[0];
        assertThat(thirdColumn.x()).isEqualTo(2.25);
        assertThat(thirdColumn.y()).isEqualTo(2.25);
    }
}
