"""Concept questions for notebook 10 (probability distributions).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("10.q1")``. The right options sit at different positions and are not the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "10.q1",
    "The Gaussian with mean 0 and standard deviation sigma = 0.25 has density "
    "f(0) = 1 / (0.25 sqrt(2 pi)) = 1.60 at its peak. What does that mean?",
    options=[
        ("Something is wrong: a probability cannot be larger than 1, so a density of 1.60 means "
         "the formula or the code has a mistake.", False,
         "Tempting, because densities and probabilities are drawn on similar axes. But f(x) is "
         "probability *per unit of x*, not a probability. Probabilities are areas under f, and "
         "the total area is 1; a narrow curve must be tall to enclose area 1."),
        ("The value 0 has probability 1.60, so it occurs more than always.", False,
         "For a continuous variable every single value has probability 0: P(X = 0) is the area "
         "of a strip of width 0. The density tells how concentrated the probability is near 0."),
        ("Nothing is wrong: a density may exceed 1. Probabilities are areas under f, and the "
         "whole area is 1.", True,
         "For example P(-0.1 <= X <= 0.1) is about 1.60 x 0.2 = 0.32 (0.311 exactly, since f "
         "falls a little across the interval): a tall density over a short interval gives a "
         "probability below 1. Every Gaussian with sigma < 1 / sqrt(2 pi) = 0.399 peaks above "
         "1 (and other densities can too: the uniform density on [0, 0.5] is 2 everywhere on "
         "it)."),
        ("The density should be divided by its peak value, 1.60, so that it stays below 1 and "
         "can be read as a probability.", False,
         "Then the area under it would no longer be 1, and areas would no longer be "
         "probabilities. (Dividing by the peak gives the bell shape, not a density.)"),
    ])

question(
    "10.q2",
    "X is the height of a random adult in cm, with density f. What is P(X = 170), the "
    "probability that X is exactly 170 cm (170.000... to every decimal)?",
    options=[
        ("f(170), the height of the density curve at 170, as for any distribution.", False,
         "That is the rule for a *discrete* variable, whose PMF gives P(X = x) directly. For a "
         "continuous X the density is probability per cm: f(170) times a small width h is "
         "about P(170 <= X <= 170 + h)."),
        ("1 / (number of possible heights), since each height is one of the possible "
         "outcomes.", False,
         "There are infinitely many possible heights between any two, and they are not equally "
         "likely: the density is higher near the mean."),
        ("It cannot be computed without first knowing the mean and the standard deviation of "
         "the adult heights.", False,
         "For a continuous variable the answer is 0 whatever the mean and standard deviation "
         "are; they matter for the probabilities of intervals."),
        ("0: for a continuous variable only intervals have positive probability.", True,
         "P(170 - h <= X <= 170 + h) is about 2 h f(170), which goes to 0 as h shrinks. That "
         "is why the continuous case needs densities and areas instead of probabilities of "
         "single values."),
    ])

question(
    "10.q3",
    "A variational autoencoder samples z = mu + sigma * eps with eps from N(0, 1), instead of "
    "drawing z from N(mu, sigma^2) directly. What does this change?",
    options=[
        ("Not z's distribution; but z becomes a formula in mu and sigma, so gradients reach "
         "them (dz/dmu = 1, dz/dsigma = eps).", True,
         "\"Draw from N(mu, sigma^2)\" used as a black box gives no derivative of the sample "
         "with respect to mu. Written as mu + sigma * eps, the chain rule (Part II) reaches mu "
         "and sigma, so they can be trained by gradient descent. (There is another route, the "
         "score-function or REINFORCE estimator, which differentiates the log-density instead "
         "of the sample; it works for any distribution, but its gradient estimates are much "
         "noisier.)"),
        ("The distribution of z: since eps comes from N(0, 1), z is now standard normal too, "
         "whatever mu and sigma are.", False,
         "Tempting, because eps is standard normal. But shifting by mu and stretching by sigma "
         "makes z exactly N(mu, sigma^2): mean mu, standard deviation sigma. Only the way the "
         "sample is produced changes."),
        ("It makes the samples less random, because eps is fixed once and reused for every "
         "sample the model draws.", False,
         "eps is a fresh random draw every time; only in this notebook's explorers is it fixed, "
         "to make the picture move smoothly. z is as random as before."),
        ("It is only faster; the gradients with respect to mu and sigma are the same either "
         "way, just cheaper to compute.", False,
         "Speed is not the point. The gradient through the sample (the reparameterisation "
         "gradient) is a different estimator from the one available without it, the "
         "score-function (REINFORCE) estimator, which needs only log-densities but whose "
         "estimates vary far more from draw to draw; with the reparameterisation a VAE trains "
         "with few samples."),
    ])

question(
    "10.q4",
    "A fair coin has come up heads 8 times in a row. The law of large numbers says the "
    "fraction of heads approaches 1/2. What is the probability that the next toss is tails?",
    options=[
        ("More than 1/2: tails is due, to bring the fraction back to 1/2.", False,
         "This is the gambler's fallacy. The coin has no memory: the tosses are independent, so "
         "every toss is tails with probability 1/2, whatever came before. The fraction returns "
         "to 1/2 not because tails catch up, but because the 8 extra heads are swamped by "
         "thousands of later tosses (8 out of 10,000 is 0.0008)."),
        ("1/2: the tosses are independent, so the past does not change the next toss.", True,
         "The law of large numbers is about the *average* of many independent draws with a "
         "finite mean: it gets close to the expectation. It says nothing that would push any "
         "single draw."),
        ("Less than 1/2: the coin is on a streak of heads, and streaks tend to go on for a "
         "while.", False,
         "For a fair coin a streak means nothing about the next toss. (If you doubt that the coin "
         "is fair, that is a question for notebook 11, Bayes' theorem; 8 heads in a row happen "
         "to a fair coin once in 256 tries.)"),
        ("It cannot be known: the law of large numbers only holds in the long run.", False,
         "The next toss is known exactly: probability 1/2 for a fair coin. What holds only in "
         "the long run is that the *fraction* of heads comes close to 1/2."),
    ])

question(
    "10.q5",
    "You draw 10 samples from N(5, 2^2) and their mean is 5.8. What does that tell you?",
    options=[
        ("The expectation of this distribution is 5.8 after all, not 5: the sample shows what "
         "it really is.", False,
         "The expectation is a property of the distribution, here 5 by construction. The "
         "sample mean is a random number that fluctuates around it: for 10 draws its standard "
         "deviation is 2 / sqrt(10) = 0.63, so 5.8 is an ordinary outcome."),
        ("The sampler is broken: 10 draws are plenty for the sample mean to land within 0.1 of "
         "the expectation.", False,
         "Ten draws give a sample mean with a standard deviation of 0.63 here; 0.8 away from 5 "
         "is about 1.3 of those, which happens about one time in five."),
        ("Nothing unusual: the mean of 10 draws fluctuates around 5 (spread 2 / sqrt(10) = "
         "0.63).", True,
         "The spread of the sample mean shrinks like sigma / sqrt(n): with 10,000 draws it is "
         "2 / 100 = 0.02, the law of large numbers at work. Drag the sample-size slider in the "
         "Gaussian explorer and watch the sample mean settle."),
    ])
