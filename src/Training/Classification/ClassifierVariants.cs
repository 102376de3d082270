using NeuralAudio.ModelDsl;
using NeuralAudio.Models;

namespace NeuralAudio.Training.Classification;

/// <summary>Chooses the classifier variant to train from <c>--model</c> and the data set.</summary>
public static class ClassifierVariants
{
    /// <summary>
    /// <c>model/variant</c> names a declared variant exactly. A bare model id takes the variant named after the data
    /// set (<c>esc50</c>, <c>esc10</c>); for a CSV data set, a declared variant with exactly
    /// <paramref name="classes"/> outputs, else the model rebuilt on its <c>esc50</c> config with that class count.
    /// </summary>
    public static ModelVariant Resolve(string model, ClassificationDatasetKind dataset, int classes)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ModelVariant variant;
        if (model.Contains('/'))
        {
            var parts = model.Split('/', 2);
            variant = ModelCatalog.Get(parts[0], parts[1]);
        }
        else
        {
            var declared = ModelCatalog.Of(model);
            if (declared.Count == 0)
                throw new KeyNotFoundException($"no model '{model}'; classifiers: {string.Join(", ", ModelCatalog.All.Where(v => v.Family == ModelFamily.Classifier).Select(v => v.ModelId).Distinct())}");
            variant = dataset switch
            {
                ClassificationDatasetKind.Esc50 => ModelCatalog.Get(model, "esc50"),
                ClassificationDatasetKind.Esc10 => ModelCatalog.Get(model, "esc10"),
                _ => declared.FirstOrDefault(v => Classes(v) == classes) ?? WithClasses(declared[0], classes),
            };
        }
        if (variant.Family != ModelFamily.Classifier)
            throw new ArgumentException($"{variant.FullName} is not a classifier");
        if (Classes(variant) < classes)
            throw new ArgumentException($"{variant.FullName} outputs {Classes(variant)} classes, but the data set has {classes}");
        return variant;
    }

    /// <summary>The number of class scores the variant outputs.</summary>
    public static int Classes(ModelVariant variant) => variant.BuildGraph().Output.Shape[^1];

    private static ModelVariant WithClasses(ModelVariant template, int classes)
    {
        if (template.Config is not AcdNetConfig config)
            throw new ArgumentException($"{template.ModelId} has no class-count setting; name a variant with --model {template.ModelId}/VARIANT");
        // In ACDNet the last channel entry is the class count too (the reference's ch[11] = n_class).
        var channels = (int[])config.Channels.Clone();
        if (channels[^1] == config.NumClasses) channels[^1] = classes;
        return template.WithConfig(config with { Channels = channels, NumClasses = classes }, $"{classes}class");
    }
}
