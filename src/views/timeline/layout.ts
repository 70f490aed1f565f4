/** Sizes shared by the timeline's lanes (px). */
export const LABEL_W = 132;
/** Right margin of every lane, so the last sample is not on the pane's edge. */
export const LANE_PAD_R = 10;
