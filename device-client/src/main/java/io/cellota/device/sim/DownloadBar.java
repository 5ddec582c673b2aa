package io.cellota.device.sim;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar for one device's download, shown while bytes arrive and closed when it ends. */
final class DownloadBar {

    private final String name;
    private ProgressBar bar;

    DownloadBar(String name) {
        this.name = name;
    }

    synchronized void show(long bytes, long total) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(name + " download").setInitialMax(Math.max(total, 0))
                    .setUnit("KiB", 1024).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .showSpeed().build();
        }
        if (total > 0 && bar.getMax() != total) {
            bar.maxHint(total);
        }
        bar.stepTo(bytes);
    }

    synchronized void done() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
