package io.cellota.server.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The bench's plots, as PNG files: for each link profile and image size, the download progress over time of
 * each window (the median run's curve) with the rate limit as a dashed straight line; and for each image size,
 * the ratio of the median time to the limit per profile and window (1.0 is the limit); and for a campaign, the
 * devices succeeded and downloading over time, with the campaign's limit (its cap at the link rate) dashed.
 */
final class BenchPlots {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private BenchPlots() {
    }

    /** Writes the plots of {@code results} (download scenario only) into {@code dir}; returns the files. */
    static List<Path> write(Path dir, List<DownloadBench.Result> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        List<DownloadBench.Result> downloads = results.stream()
                .filter(r -> r.kase().scenario().equals("download")).toList();
        for (String profile : downloads.stream().map(r -> r.kase().profile().name()).distinct().toList()) {
            for (int size : downloads.stream().map(r -> r.kase().imageBytes()).distinct().toList()) {
                List<DownloadBench.Result> group = downloads.stream().filter(r -> r.kase().profile().name()
                        .equals(profile) && r.kase().imageBytes() == size).toList();
                if (!group.isEmpty()) {
                    written.add(progress(dir, profile, size, group));
                }
            }
        }
        for (int size : downloads.stream().map(r -> r.kase().imageBytes()).distinct().toList()) {
            written.add(ratios(dir, size, downloads.stream().filter(r -> r.kase().imageBytes() == size).toList()));
        }
        return written;
    }

    private static Path progress(Path dir, String profile, int size, List<DownloadBench.Result> group)
            throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (DownloadBench.Result r : group) {
            XYSeries series = new XYSeries("window " + r.kase().windowLabel(), false);
            for (MemorySlot.Point p : r.medianRun().trace()) {
                series.add(p.nanos() / 1e9, p.bytes() / 1024.0);
            }
            data.addSeries(series);
        }
        XYSeries limit = new XYSeries("rate limit", false);
        limit.add(0, 0);
        limit.add(group.get(0).limitSeconds(), size / 1024.0);
        data.addSeries(limit);
        JFreeChart chart = ChartFactory.createXYLineChart(String.format(Locale.ROOT,
                        "Download of a %s signed image over %s (median run per window)", ResultTable.size(size),
                        profile), "seconds", "KiB received", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        int last = data.getSeriesCount() - 1;
        renderer.setSeriesPaint(last, Color.BLACK);
        renderer.setSeriesStroke(last, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        plot.setRenderer(renderer);
        Path file = dir.resolve(String.format(Locale.ROOT, "progress-%s-%s.png", profile,
                ResultTable.size(size).replace(" ", "")));
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        return file;
    }

    private static Path ratios(Path dir, int size, List<DownloadBench.Result> group) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (DownloadBench.Result r : group) {
            data.addValue(r.seconds().median() / r.limitSeconds(), "window " + r.kase().windowLabel(),
                    r.kase().profile().name());
        }
        JFreeChart chart = ChartFactory.createBarChart(String.format(Locale.ROOT,
                        "Download time over the rate limit, %s image (1.0 = limit)", ResultTable.size(size)),
                "link profile", "median time / limit", data, PlotOrientation.VERTICAL, true, false, false);
        chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
        chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
        Path file = dir.resolve("ratio-" + ResultTable.size(size).replace(" ", "") + ".png");
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        return file;
    }

    /** One sample of a campaign's progress: seconds since its start, devices succeeded, devices downloading. */
    record CampaignPoint(double seconds, int succeeded, int downloading) {
    }

    /** The campaign's progress over time, as {@code campaign-<profile>-<devices>.png} in {@code dir}. */
    static Path campaign(Path dir, String profile, int devices, List<CampaignPoint> trace, double limitSeconds)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        XYSeries succeeded = new XYSeries("devices succeeded", false);
        XYSeries downloading = new XYSeries("devices downloading", false);
        for (CampaignPoint p : trace) {
            succeeded.add(p.seconds(), p.succeeded());
            downloading.add(p.seconds(), p.downloading());
        }
        XYSeries limit = new XYSeries("limit: the cap at the link rate", false);
        limit.add(0, 0);
        limit.add(limitSeconds, devices);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(succeeded);
        data.addSeries(downloading);
        data.addSeries(limit);
        JFreeChart chart = ChartFactory.createXYLineChart(String.format(Locale.ROOT,
                        "A campaign over %d simulated devices, %s", devices, profile), "seconds since the start",
                "devices", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(2, Color.BLACK);
        renderer.setSeriesStroke(2, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        plot.setRenderer(renderer);
        Path file = dir.resolve(String.format(Locale.ROOT, "campaign-%s-%d.png", profile, devices));
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        return file;
    }
}
