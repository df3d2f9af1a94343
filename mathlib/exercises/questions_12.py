"""Concept questions for notebook 12 (descriptive statistics).

Each wrong option is a belief learners really hold (see the course's list of misconceptions: "the
mean is a typical value", "correlation 0 means no relation", correlation read as causation,
"standardising changes the shape", "batch normalisation uses the whole data set"); its explanation
says why it is tempting and where it breaks. Placed where the idea is taught: ``ask("12.q1")``. The right options sit at different positions and are not the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "12.q1",
    "Nine people in a small company earn 3,000 a month each; the owner earns 60,000. Which "
    "number describes what a typical person there earns?",
    options=[
        ("The median, 3,000: half earn at most that, half at least.", True,
         "Right: the median depends only on the middle of the sorted values, so one outlier "
         "cannot drag it far (it is a robust statistic): the owner's salary could be a million "
         "and it would not change. The mean is still the right number for the total: "
         "10 x 8,700 is the payroll."),
        ("The mean, 8,700: it uses every salary, so it is the most representative.", False,
         "Tempting, because the mean uses all the data. But one extreme value pulls it: "
         "(9 x 3,000 + 60,000) / 10 = 8,700, more than anyone but the owner earns. Nobody "
         "typical earns 8,700."),
        ("The mode and the median are both useless here; only the mean counts.", False,
         "The mode (the most frequent value) is 3,000 too, and here it is a good summary. Each "
         "statistic answers a different question: the mean the total per person, the median "
         "the middle, the mode the most common value."),
        ("Mean and median always agree, so it does not matter.", False,
         "They agree for symmetric data (a Gaussian, for example). With skewed data or outliers "
         "they can be far apart, as here: 8,700 against 3,000."),
    ])

question(
    "12.q2",
    "Why does the sample variance divide by n - 1 instead of n?",
    options=[
        ("It is a convention with no effect on the result: for any n the two divisions give "
         "the same number.", False,
         "They differ by the factor n / (n - 1): 2 for n = 2, 1.01 for n = 100. For large n the "
         "difference is small, for small samples it is not."),
        ("Deviations from the sample mean are too small on average; n - 1 corrects that "
         "exactly.", True,
         "Right: the sample mean is the number that makes the sum of squared deviations "
         "smallest, so squared deviations from it are on average smaller than from the true "
         "mean, by one variance's worth: their expected sum is (n - 1) sigma^2. Dividing by "
         "n - 1 gives an estimate that is right on average (unbiased). The std with n - 1 is "
         "still slightly biased (a square root does not commute with an average)."),
        ("Dividing by n - 1 is always right; the population variance with n is a mistake.",
         False,
         "When you have the whole population (or when you just describe these numbers, as "
         "batch normalisation does for its batch), dividing by n is exact. n - 1 is for "
         "estimating the variance of a larger population from a sample."),
        ("Because one of the n values is an outlier and is left out.", False,
         "No value is left out: all n deviations are squared and summed. The '- 1' accounts "
         "for the one number (the mean) estimated from the same data; the deviations then sum "
         "to 0, so only n - 1 of them are free."),
    ])

question(
    "12.q3",
    "For 200 points, x is spread evenly around 0 and y = x^2 exactly. Their correlation is "
    "about 0. What does that tell you?",
    options=[
        ("x and y are unrelated: knowing x tells you nothing about y.", False,
         "Tempting, but here knowing x tells you y EXACTLY. Correlation measures only how well "
         "a straight line fits. For a U shape the left half goes down and the right half up, "
         "and the two cancel in the covariance."),
        ("The correlation must have been computed wrongly: y depends on x, so it should be "
         "close to 1.", False,
         "The computation is right: cov(x, x^2) = mean(x^3) - mean(x) mean(x^2) is 0 for x "
         "symmetric around 0. Correlation is 1 only when the points lie on a rising straight "
         "line."),
        ("No straight-line relation: the best line is flat, yet a curved one (this U) can be "
         "perfect.", True,
         "Right: correlation 0 means 'no linear association', nothing more. Always plot the "
         "data. (For two variables that are jointly Gaussian, correlation 0 does mean "
         "independence; for others it does not.)"),
        ("x and y are independent: a correlation of 0 means that knowing x leaves the "
         "distribution of y unchanged.", False,
         "Independent would mean that knowing x changes nothing about y; here it pins y down "
         "completely. Uncorrelated does not imply independent (only for jointly Gaussian "
         "variables)."),
    ])

question(
    "12.q4",
    "Across many towns, ice-cream sales and the number of drownings have a correlation of 0.8. "
    "What can you conclude?",
    options=[
        ("Ice cream causes drowning: people who swim with full stomachs get cramps, and the "
         "data show it.", False,
         "Correlation is not causation. A third variable drives both here: hot weather brings "
         "more ice cream AND more swimming. Such a variable is called a confounder."),
        ("Drownings cause ice-cream sales.", False,
         "Correlation is symmetric, corr(x, y) = corr(y, x), so it cannot tell a direction. "
         "Neither direction is shown; a common cause is the likely story."),
        ("Nothing at all: 0.8 could be chance.", False,
         "With many towns a correlation of 0.8 is very unlikely to be chance; the association "
         "is real. What it does not tell you is WHY."),
        ("That they rise and fall together; not why (summer heat may drive both).", True,
         "Right: to learn about causes you need an experiment (change one thing, hold the rest) "
         "or careful causal reasoning. A network trained on correlated features learns the "
         "correlation, including spurious ones: a classifier that spots cows by the green "
         "grass behind them fails on a cow on a beach."),
    ])

question(
    "12.q5",
    "You standardise a feature whose histogram is skewed (a long tail to the right): "
    "z = (x - mean) / std. What does the histogram of z look like?",
    options=[
        ("The same shape, shifted to mean 0 and stretched to std 1: still skewed to the right.",
         True,
         "Right: a linear map a x + b with a > 0 keeps the shape of a distribution; only the "
         "axis labels change. Making a distribution more symmetric needs a non-linear map, "
         "such as a logarithm."),
        ("A bell curve: standardising turns any feature into a standard normal one, which is "
         "why z-scores are used.", False,
         "Tempting, because z-scores are often drawn with the standard normal curve. But "
         "z = (x - mean) / std is a shift and a positive rescaling: every value moves the same "
         "way, the order and the relative gaps stay. A skewed feature stays skewed."),
        ("Every value now lies between -1 and 1.", False,
         "Only the std is 1; values beyond 2 or 3 std from the mean remain, and a long tail "
         "gives z-scores of 5 or more. Squeezing everything into a fixed range is min-max "
         "normalisation (into [0, 1])."),
        ("The skew flips to the left, because the mean is subtracted.", False,
         "Subtracting moves every value by the same amount, and dividing by a positive std "
         "keeps the order; nothing flips."),
    ])

question(
    "12.q6",
    "A network with batch normalisation is trained on mini-batches of 32 images. Which mean and "
    "variance does a batch-norm layer use to normalise, during training and later at test time?",
    options=[
        ("The mean and variance of the whole training set, computed once before training "
         "starts, in both cases.", False,
         "That is standardising the inputs, a different step. Batch normalisation sits inside "
         "the network, where the activations change as the weights learn, so fixed statistics "
         "from before training would be out of date."),
        ("The mini-batch's own statistics, in training and at test time.", False,
         "Then a prediction would change with whatever else is in the test batch, and a batch "
         "of one image would have variance 0. That is why test time uses running averages."),
        ("Batch normalisation uses no statistics: it only multiplies by gamma and adds beta.",
         False,
         "gamma and beta come after the normalisation: first each feature is centred and "
         "divided by its batch std, then scaled by gamma and shifted by beta, which are learned."),
        ("Training: each mini-batch's own statistics; test time: running averages from "
         "training.", True,
         "Right: in training each batch is normalised by its own mean and variance per "
         "feature; the layer also keeps running averages (an exponential moving average) and "
         "uses those at test time, so a prediction does not depend on the other images in the "
         "batch (a single image has no batch to average over). This notebook implements only "
         "the training-time forward pass."),
    ])
